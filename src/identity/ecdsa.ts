// ECDSA P-256 / SHA-256 signatures in Fabric's form: DER-encoded (r, s) with S in
// the lower half of the curve order. Fabric peers reject high-S signatures, so we
// never emit them and never accept them. The DER is read and written by @peculiar/asn1-ecc;
// ours are only Fabric's rules: low S, and DER's one encoding (Go's decoder refuses BER).
import { type KeyObject, sign, verify } from "node:crypto";
import { ECDSASigValue } from "@peculiar/asn1-ecc";
import { AsnConvert } from "@peculiar/asn1-schema";
import { IdentityError } from "./errors.js";

/** Order n of the P-256 base point. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_ORDER = P256_ORDER >> 1n;
const P256_CURVE = "prime256v1";

/** The (r, s) pair of an ECDSA signature. */
export interface EcdsaSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Parses a strict DER ECDSA signature; returns undefined for anything malformed or out of range. */
export function parseDerSignature(der: Uint8Array, order: bigint = P256_ORDER): EcdsaSignature | undefined {
  // Signatures come off the wire: anything longer than the largest (r, s) for this order is refused unread.
  if (der.length > maxSignatureLength(order)) return undefined;
  let value: ECDSASigValue;
  try {
    value = AsnConvert.parse(der, ECDSASigValue);
  } catch {
    return undefined;
  }
  const rBytes = new Uint8Array(value.r);
  const sBytes = new Uint8Array(value.s);
  // The parser reads BER; Fabric (Go's encoding/asn1) takes only DER's one encoding: minimal
  // positive INTEGERs, and exactly their short-form lengths (no long forms, no trailing bytes).
  if (!isMinimalPositive(rBytes) || !isMinimalPositive(sBytes)) return undefined;
  if (der.length !== 6 + rBytes.length + sBytes.length) return undefined;
  const r = toBigInt(rBytes);
  const s = toBigInt(sBytes);
  if (r < 1n || r >= order || s < 1n || s >= order) return undefined;
  return { r, s };
}

/** Encodes (r, s) as a DER SEQUENCE of two INTEGERs. */
export function encodeDerSignature(sig: EcdsaSignature): Uint8Array {
  const value = new ECDSASigValue({ r: integerContent(sig.r), s: integerContent(sig.s) });
  return new Uint8Array(AsnConvert.serialize(value));
}

/**
 * Longest DER signature for a curve order whose (r, s) fit short-form lengths, as P-256's do:
 * a SEQUENCE header and two INTEGERs as wide as the order, each with a pad byte.
 */
function maxSignatureLength(order: bigint): number {
  const integer = 2 + Math.ceil(order.toString(16).length / 2) + 1;
  return Math.min(2 + 2 * integer, 127);
}

/** DER INTEGER content of a non-negative value: no superfluous leading zero, top bit clear. */
function isMinimalPositive(content: Uint8Array): boolean {
  const [first, second] = content;
  if (first === undefined || first & 0x80) return false;
  return !(first === 0 && second !== undefined && (second & 0x80) === 0);
}

function toBigInt(content: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(content).toString("hex")}`);
}

/** Minimal big-endian bytes of a non-negative value, with a 0x00 pad when the top bit is set. */
function integerContent(value: bigint): ArrayBuffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return new Uint8Array(Buffer.from(hex, "hex")).buffer;
}

/** True when `sig` is a well-formed P-256 DER signature whose S is at most n/2. */
export function isLowS(sig: Uint8Array): boolean {
  const parsed = parseDerSignature(sig);
  return parsed !== undefined && parsed.s <= P256_HALF_ORDER;
}

/**
 * Rewrites a DER signature to its low-S twin (s -> n - s) when needed; both verify
 * the same message. Returns undefined if `sig` does not parse for that curve order.
 */
export function toLowS(sig: Uint8Array, order: bigint = P256_ORDER): Uint8Array | undefined {
  const parsed = parseDerSignature(sig, order);
  if (!parsed) return undefined;
  if (parsed.s <= order >> 1n) return encodeDerSignature(parsed);
  return encodeDerSignature({ r: parsed.r, s: order - parsed.s });
}

function isP256(key: KeyObject): boolean {
  return key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === P256_CURVE;
}

/** Signs SHA-256(data) with a P-256 private key; the result is DER with low S. */
export function signLowS(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  if (privateKey.type !== "private" || !isP256(privateKey)) {
    throw new IdentityError("bad_key", "signing key must be an EC P-256 private key");
  }
  // IEEE P1363 output is fixed-width r || s, which is simpler to normalise than DER.
  const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
  const r = BigInt(`0x${raw.subarray(0, 32).toString("hex")}`);
  let s = BigInt(`0x${raw.subarray(32, 64).toString("hex")}`);
  if (s > P256_HALF_ORDER) s = P256_ORDER - s;
  return encodeDerSignature({ r, s });
}

/** Verifies a Fabric-style signature; false (never a throw) for bad DER, high S, wrong key type or mismatch. */
export function verifyLowS(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (!isP256(publicKey)) return false;
  if (!isLowS(signature)) return false;
  try {
    return verify("sha256", data, { key: publicKey, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}
