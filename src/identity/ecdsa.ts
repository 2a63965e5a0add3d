// ECDSA P-256 / SHA-256 signatures in Fabric's form: DER-encoded (r, s) with S in
// the lower half of the curve order. Fabric peers reject high-S signatures, so we
// never emit them and never accept them.
//
// The (r, s) DER codec is hand-written on purpose: the low-S rule runs on every alive
// message, and this strict reader costs a few µs where @peculiar/asn1-ecc's BER parser plus
// a DER check cost 20-50 µs (about a fifth of the verification itself). Certificates and
// keys go through the @peculiar libraries (certificate.ts, ca.ts).
import { type KeyObject, sign, verify } from "node:crypto";
import { isMinimalInteger, Tag } from "./der.js";
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
  const rEnd = rIntegerEnd(der, maxSignatureLength(order));
  if (rEnd < 0) return undefined;
  const r = integerValue(der, R_START, rEnd);
  const s = integerValue(der, rEnd + 2, der.length);
  if (r < 1n || r >= order || s < 1n || s >= order) return undefined;
  return { r, s };
}

/** Content of r, the first INTEGER, starts here: after the SEQUENCE's and the INTEGER's tag and length. */
const R_START = 4;

/**
 * Where the INTEGER r ends in a strict DER signature, or -1 when `der` is not one; checked for
 * form only (not range). s's INTEGER starts there and ends the signature. Offsets, not span
 * objects: the low-S check runs on every received signature. Signatures come off the wire:
 * anything longer than maxLength is refused unread.
 */
function rIntegerEnd(der: Uint8Array, maxLength: number): number {
  if (der.length > maxLength || der[0] !== Tag.SEQUENCE || der[1] !== der.length - 2) return -1;
  const rEnd = integerEnd(der, 2);
  return rEnd >= 0 && integerEnd(der, rEnd) === der.length ? rEnd : -1;
}

/** Encodes (r, s) as a DER SEQUENCE of two INTEGERs. */
export function encodeDerSignature(sig: EcdsaSignature): Uint8Array {
  const der = derOfMagnitudes(bigEndian(sig.r), bigEndian(sig.s));
  if (der.length - 2 > 0x7f) throw new RangeError("signature too long for a short-form DER length");
  return der;
}

const P256_MAX_SIGNATURE_LENGTH = maxSignatureLength(P256_ORDER);

/** Longest DER signature with short-form lengths for a curve order: two INTEGERs as wide as it, each padded. */
function maxSignatureLength(order: bigint): number {
  const integer = 2 + Math.ceil(order.toString(16).length / 2) + 1;
  return Math.min(2 + 2 * integer, 2 + 0x7f);
}

/** End of the INTEGER at `at` with a short-form length and minimal positive content; -1 for anything else. */
function integerEnd(der: Uint8Array, at: number): number {
  const length = der[at + 1];
  if (der[at] !== Tag.INTEGER || length === undefined || length === 0 || length > 0x7f) return -1;
  const start = at + 2;
  const end = start + length;
  if (end > der.length) return -1;
  // Positive: r and s lie in [1, n).
  if ((der[start] as number) & 0x80 || !isMinimalInteger(der, start, end)) return -1;
  return end;
}

/** Minimal encoding writes zero as one 0x00 byte. */
function isZero(der: Uint8Array, start: number, end: number): boolean {
  return end - start === 1 && der[start] === 0;
}

function integerValue(der: Uint8Array, start: number, end: number): bigint {
  return BigInt(`0x${Buffer.from(der.buffer, der.byteOffset + start, end - start).toString("hex")}`);
}

/**
 * Compares a minimal positive INTEGER's content with a big-endian magnitude of the same
 * width as the curve order, byte by byte: the low-S check runs on every received
 * signature and needs no big integers.
 */
function compareMagnitude(der: Uint8Array, start: number, end: number, magnitude: Uint8Array): number {
  const from = der[start] === 0 ? start + 1 : start;
  const length = end - from;
  if (length !== magnitude.length) return length - magnitude.length;
  for (let i = 0; i < length; i++) {
    const diff = (der[from + i] as number) - (magnitude[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Big-endian bytes of a non-negative value (at least one byte). */
function bigEndian(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError("negative INTEGER");
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
}

/** True when `sig` is a well-formed P-256 DER signature whose S is at most n/2. */
export function isLowS(sig: Uint8Array): boolean {
  const rEnd = rIntegerEnd(sig, P256_MAX_SIGNATURE_LENGTH);
  if (rEnd < 0) return false;
  const sStart = rEnd + 2;
  return (
    !isZero(sig, R_START, rEnd) &&
    compareMagnitude(sig, R_START, rEnd, P256_ORDER_BYTES) < 0 &&
    !isZero(sig, sStart, sig.length) &&
    compareMagnitude(sig, sStart, sig.length, P256_HALF_ORDER_BYTES) <= 0
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
  // IEEE P1363 output is fixed-width r || s, which is simpler to normalise than DER; byte-wise,
  // with no big integers or hex strings: a node signs its alive message every second.
  const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
  const r = raw.subarray(0, P256_WIDTH);
  const s = raw.subarray(P256_WIDTH, 2 * P256_WIDTH);
  if (compareMagnitude(s, 0, P256_WIDTH, P256_HALF_ORDER_BYTES) > 0) subtractFromOrder(s);
  return derOfMagnitudes(r, s);
}

/** Bytes of a P-256 scalar in IEEE P1363 form. */
const P256_WIDTH = 32;

/** value := n - value, in place, for a big-endian P-256 scalar 0 < value < n. */
function subtractFromOrder(value: Uint8Array): void {
  let borrow = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const diff = (P256_ORDER_BYTES[i] as number) - (value[i] as number) - borrow;
    borrow = diff < 0 ? 1 : 0;
    value[i] = diff & 0xff;
  }
}

/** DER SEQUENCE { INTEGER r, INTEGER s } of two big-endian magnitudes, each written minimally. */
function derOfMagnitudes(r: Uint8Array, s: Uint8Array): Uint8Array {
  const rFrom = firstSignificantByte(r);
  const sFrom = firstSignificantByte(s);
  const rPad = (r[rFrom] as number) & 0x80 ? 1 : 0;
  const sPad = (s[sFrom] as number) & 0x80 ? 1 : 0;
  const rLength = r.length - rFrom + rPad;
  const sLength = s.length - sFrom + sPad;
  const der = new Uint8Array(6 + rLength + sLength);
  der[0] = Tag.SEQUENCE;
  der[1] = der.length - 2;
  der[2] = Tag.INTEGER;
  der[3] = rLength;
  der.set(r.subarray(rFrom), R_START + rPad);
  const sAt = R_START + rLength;
  der[sAt] = Tag.INTEGER;
  der[sAt + 1] = sLength;
  der.set(s.subarray(sFrom), sAt + 2 + sPad);
  return der;
}

/** Index of the first non-zero byte; the last byte for zero, which DER writes as one 0x00. */
function firstSignificantByte(magnitude: Uint8Array): number {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  return i;
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

/**
 * verifyP256LowS on libuv's threadpool (crypto.verify's callback form): many checks issued
 * at once run on every core. Each costs a threadpool round trip and a wake-up of the event
 * loop, so it pays only for a batch (a membership response), not for one message. Never rejects.
 */
export function verifyP256LowSAsync(
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (!isLowS(signature)) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify("sha256", data, publicKey, signature, (err, valid) => resolve(!err && valid));
    } catch {
      resolve(false);
    }
  });
}
