// ECDSA P-256 / SHA-256 signatures in Fabric's form: DER-encoded (r, s) with S in
// the lower half of the curve order. Fabric peers reject high-S signatures, so we
// never emit them and never accept them. The DER itself is read and written by
// @peculiar/asn1-schema; only the low-S rule is ours, because it is Fabric's.
import { type KeyObject, sign, verify } from "node:crypto";
import { AsnConvert, AsnIntegerBigIntConverter, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
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

/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279), with the integers as bigints. */
class EcdsaSigValue {
  r = 0n;
  s = 0n;
}
// The library's decorators applied as plain calls: this project compiles without experimentalDecorators.
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })(EcdsaSigValue.prototype, "r");
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })(EcdsaSigValue.prototype, "s");

/**
 * Parses a strict DER ECDSA signature; returns undefined for anything malformed or out of range.
 * The parser reads BER, so a signature is accepted only if re-encoding it gives back the same
 * bytes: that refuses long-form or indefinite lengths, padded INTEGERs and trailing bytes.
 */
export function parseDerSignature(der: Uint8Array, order: bigint = P256_ORDER): EcdsaSignature | undefined {
  // Signatures come off the wire: anything longer than the largest (r, s) for this order is refused unread.
  if (der.length > maxSignatureLength(order)) return undefined;
  let parsed: EcdsaSigValue;
  try {
    parsed = AsnConvert.parse(der, EcdsaSigValue);
  } catch {
    return undefined;
  }
  const { r, s } = parsed;
  if (r < 1n || r >= order || s < 1n || s >= order) return undefined;
  if (!Buffer.from(encodeDerSignature({ r, s })).equals(der)) return undefined;
  return { r, s };
}

/** Longest DER signature for a curve order: SEQUENCE header plus two INTEGERs as wide as the order, each with a pad byte. */
function maxSignatureLength(order: bigint): number {
  const integer = 2 + Math.ceil(order.toString(16).length / 2) + 1;
  return 3 + 2 * integer;
}

/** Encodes (r, s) as a DER SEQUENCE of two INTEGERs. */
export function encodeDerSignature(sig: EcdsaSignature): Uint8Array {
  const value = Object.assign(new EcdsaSigValue(), { r: sig.r, s: sig.s });
  return new Uint8Array(AsnConvert.serialize(value));
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
