// ECDSA P-256 / SHA-256 signatures in Fabric's form: DER-encoded (r, s) with S in
// the lower half of the curve order. Fabric peers reject high-S signatures, so we
// never emit them and never accept them.
//
// The (r, s) DER codec is hand-written on purpose: the low-S rule runs on every alive
// message, and this strict reader costs a few µs where @peculiar/asn1-ecc's BER parser plus
// a DER check cost 20-50 µs (about a fifth of the verification itself). Certificates and
// keys go through the @peculiar libraries (certificate.ts, ca.ts).
import { type KeyObject, sign, verify } from "node:crypto";
import { Tag } from "./der.js";
import { IdentityError } from "./errors.js";

/** Order n of the P-256 base point. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_ORDER = P256_ORDER >> 1n;
const magnitudeBytes = (value: bigint) => Buffer.from(value.toString(16).padStart(64, "0"), "hex");
const P256_ORDER_BYTES = magnitudeBytes(P256_ORDER);
const P256_HALF_ORDER_BYTES = magnitudeBytes(P256_HALF_ORDER);
const P256_CURVE = "prime256v1";

/** The (r, s) pair of an ECDSA signature. */
export interface EcdsaSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/**
 * Parses a strict DER ECDSA signature, SEQUENCE { INTEGER r, INTEGER s }, as Go's encoding/asn1
 * does for Fabric: minimal positive INTEGERs, definite short-form lengths (enough for P-256
 * and P-384), nothing after the SEQUENCE. Undefined for anything else or out of range.
 */
export function parseDerSignature(der: Uint8Array, order: bigint = P256_ORDER): EcdsaSignature | undefined {
  const spans = signatureSpans(der, maxSignatureLength(order));
  if (!spans) return undefined;
  const r = integerValue(der, spans.r);
  const s = integerValue(der, spans.s);
  if (r < 1n || r >= order || s < 1n || s >= order) return undefined;
  return { r, s };
}

/** Where the content bytes of one INTEGER lie in a DER signature. */
interface IntegerSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The two INTEGERs of a strict DER signature, checked for form only (not range). Signatures
 * come off the wire: anything longer than maxLength is refused unread.
 */
function signatureSpans(der: Uint8Array, maxLength: number): { r: IntegerSpan; s: IntegerSpan } | undefined {
  if (der.length > maxLength || der[0] !== Tag.SEQUENCE || der[1] !== der.length - 2) return undefined;
  const r = readInteger(der, 2);
  const s = r && readInteger(der, r.end);
  if (!r || !s || s.end !== der.length) return undefined;
  return { r, s };
}

/** Encodes (r, s) as a DER SEQUENCE of two INTEGERs. */
export function encodeDerSignature(sig: EcdsaSignature): Uint8Array {
  const r = integerContent(sig.r);
  const s = integerContent(sig.s);
  const body = [Tag.INTEGER, r.length, ...r, Tag.INTEGER, s.length, ...s];
  if (body.length > 0x7f) throw new RangeError("signature too long for a short-form DER length");
  return Uint8Array.from([Tag.SEQUENCE, body.length, ...body]);
}

const P256_MAX_SIGNATURE_LENGTH = maxSignatureLength(P256_ORDER);

/** Longest DER signature with short-form lengths for a curve order: two INTEGERs as wide as it, each padded. */
function maxSignatureLength(order: bigint): number {
  const integer = 2 + Math.ceil(order.toString(16).length / 2) + 1;
  return Math.min(2 + 2 * integer, 2 + 0x7f);
}

/** One INTEGER at `at` with a short-form length and minimal positive content. */
function readInteger(der: Uint8Array, at: number): IntegerSpan | undefined {
  const length = der[at + 1];
  if (der[at] !== Tag.INTEGER || length === undefined || length === 0 || length > 0x7f) return undefined;
  const start = at + 2;
  const end = start + length;
  if (end > der.length) return undefined;
  const first = der[start] as number;
  if (first & 0x80) return undefined;
  if (first === 0 && length > 1 && ((der[start + 1] as number) & 0x80) === 0) return undefined;
  return { start, end };
}

/** Minimal encoding writes zero as one 0x00 byte. */
function isZero(der: Uint8Array, span: IntegerSpan): boolean {
  return span.end - span.start === 1 && der[span.start] === 0;
}

function integerValue(der: Uint8Array, span: IntegerSpan): bigint {
  return BigInt(
    `0x${Buffer.from(der.buffer, der.byteOffset + span.start, span.end - span.start).toString("hex")}`,
  );
}

/**
 * Compares a minimal positive INTEGER's content with a big-endian magnitude of the same
 * width as the curve order, byte by byte: the low-S check runs on every received
 * signature and needs no big integers.
 */
function compareMagnitude(der: Uint8Array, span: IntegerSpan, magnitude: Uint8Array): number {
  const start = der[span.start] === 0 ? span.start + 1 : span.start;
  const length = span.end - start;
  if (length !== magnitude.length) return length - magnitude.length;
  for (let i = 0; i < length; i++) {
    const diff = (der[start + i] as number) - (magnitude[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Minimal big-endian bytes of a non-negative value, with a 0x00 pad when the top bit is set. */
function integerContent(value: bigint): number[] {
  if (value < 0n) throw new RangeError("negative INTEGER");
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = [...Buffer.from(hex, "hex")];
  return (bytes[0] as number) & 0x80 ? [0, ...bytes] : bytes;
}

/** True when `sig` is a well-formed P-256 DER signature whose S is at most n/2. */
export function isLowS(sig: Uint8Array): boolean {
  const spans = signatureSpans(sig, P256_MAX_SIGNATURE_LENGTH);
  if (!spans) return false;
  return (
    !isZero(sig, spans.r) &&
    compareMagnitude(sig, spans.r, P256_ORDER_BYTES) < 0 &&
    !isZero(sig, spans.s) &&
    compareMagnitude(sig, spans.s, P256_HALF_ORDER_BYTES) <= 0
  );
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
  return isP256(publicKey) && verifyP256LowS(publicKey, data, signature);
}

/**
 * verifyLowS for a key already known to be P-256 (a validated identity's, checked once by
 * the validator): the curve is not read again on every signature.
 */
export function verifyP256LowS(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (!isLowS(signature)) return false;
  try {
    // DER is the default dsaEncoding; passing the key itself spares parsing an options object per check.
    return verify("sha256", data, publicKey, signature);
  } catch {
    return false;
  }
}
