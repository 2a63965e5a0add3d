// A strict, bounded DER reader: just enough ASN.1 to walk an X.509 certificate without
// asking OpenSSL to parse (and keep ~10 KB of native memory per) certificate. Every read
// is checked against the bytes it may use; lengths must be definite and minimal, tags
// single-byte. Anything else is an error (`DerError`), never a guess.

/** The certificate's bytes break DER or the shape expected; callers map it to IdentityError("malformed"). */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

/** Universal tags (and context tags with their class bits) used by certificates. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One element: its tag, where its header starts, where its content starts and ends. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** Longest length field accepted: 3 bytes (16 MiB), far beyond any certificate. */
const MAX_LENGTH_BYTES = 3;

/** Reads the element at `at`, which must end at or before `limit`. */
export function readElement(der: Uint8Array, at: number, limit: number): DerElement {
  if (at + 2 > limit) throw new DerError("truncated element");
  const tag = der[at] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not used in certificates");
  const first = der[at + 1] as number;
  let length = first;
  let contentStart = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > MAX_LENGTH_BYTES) throw new DerError("indefinite or oversized length");
    if (contentStart + count > limit) throw new DerError("truncated length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[contentStart + i] as number);
    if (der[contentStart] === 0 || length < 0x80) throw new DerError("length not minimally encoded");
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError("element runs past its container");
  return { tag, start: at, contentStart, end };
}

/** Reads the element at `at` and checks its tag. */
export function expectElement(der: Uint8Array, at: number, limit: number, tag: number): DerElement {
  const element = readElement(der, at, limit);
  if (element.tag !== tag) {
    throw new DerError(`expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`);
  }
  return element;
}

/** The elements directly inside a constructed element, in order. */
export function childrenOf(der: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readElement(der, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The content bytes of an element (a view, not a copy). */
export function contentOf(der: Uint8Array, element: DerElement): Uint8Array {
  return der.subarray(element.contentStart, element.end);
}

/** The whole encoding of an element, header included (a view, not a copy). */
export function encodingOf(der: Uint8Array, element: DerElement): Uint8Array {
  return der.subarray(element.start, element.end);
}

/** Checks an OBJECT IDENTIFIER's encoding as OpenSSL's c2i_ASN1_OBJECT does: arcs minimal, the last one complete. */
export function checkOid(der: Uint8Array, element: DerElement): void {
  const length = element.end - element.contentStart;
  if (element.tag !== Tag.OID || length === 0 || length > 64) throw new DerError("bad OBJECT IDENTIFIER");
  for (let i = element.contentStart; i < element.end; i++) {
    const startsArc = i === element.contentStart || !((der[i - 1] as number) & 0x80);
    if (startsArc && der[i] === 0x80) throw new DerError("OBJECT IDENTIFIER arc not minimal");
  }
  if ((der[element.end - 1] as number) & 0x80) throw new DerError("truncated OBJECT IDENTIFIER");
}

/** Dotted form of an OBJECT IDENTIFIER (checked by checkOid). */
export function oidOf(der: Uint8Array, element: DerElement): string {
  checkOid(der, element);
  const arcs: number[] = [];
  let value = 0;
  for (let i = element.contentStart; i < element.end; i++) {
    const byte = der[i] as number;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError("OBJECT IDENTIFIER arc too large");
    if (byte & 0x80) continue;
    if (arcs.length > 0) arcs.push(value);
    else if (value < 80) arcs.push(Math.floor(value / 40), value % 40);
    else arcs.push(2, value - 80);
    value = 0;
  }
  return arcs.join(".");
}

/** Whether an element is the OBJECT IDENTIFIER whose content bytes are `encoded`; no string is built. */
export function isOid(der: Uint8Array, element: DerElement, encoded: readonly number[]): boolean {
  if (element.tag !== Tag.OID || element.end - element.contentStart !== encoded.length) return false;
  for (let i = 0; i < encoded.length; i++) if (der[element.contentStart + i] !== encoded[i]) return false;
  return true;
}

/** A BOOLEAN: DER allows only 0x00 and 0xff. */
export function booleanOf(der: Uint8Array, element: DerElement): boolean {
  const content = contentOf(der, element);
  if (element.tag !== Tag.BOOLEAN || content.length !== 1 || (content[0] !== 0 && content[0] !== 0xff)) {
    throw new DerError("bad BOOLEAN");
  }
  return content[0] === 0xff;
}

/** A BIT STRING's bits (unused trailing bits must be zero, as DER requires). */
export function bitStringOf(der: Uint8Array, element: DerElement): { bytes: Uint8Array; unusedBits: number } {
  const content = contentOf(der, element);
  const unusedBits = content[0];
  if (element.tag !== Tag.BIT_STRING || unusedBits === undefined || unusedBits > 7) {
    throw new DerError("bad BIT STRING");
  }
  const bytes = content.subarray(1);
  if (
    unusedBits > 0 &&
    (bytes.length === 0 || (bytes[bytes.length - 1] as number) & ((1 << unusedBits) - 1))
  ) {
    throw new DerError("BIT STRING has non-zero unused bits");
  }
  return { bytes, unusedBits };
}

/** An INTEGER's content bytes, checked to be minimally encoded. */
export function integerBytesOf(der: Uint8Array, element: DerElement): Uint8Array {
  if (element.tag !== Tag.INTEGER || element.end === element.contentStart) throw new DerError("bad INTEGER");
  if (!isMinimalInteger(der, element.contentStart, element.end)) {
    throw new DerError("INTEGER not minimally encoded");
  }
  return contentOf(der, element);
}

/**
 * DER's rule for an INTEGER's content in der[start, end) (X.690 8.3.2): at least one byte, and
 * the first nine bits neither all zeros nor all ones (no redundant leading byte). Offsets, not a
 * view: the ECDSA signature reader runs it on every received signature.
 */
export function isMinimalInteger(der: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  if (end - start === 1) return true;
  const first = der[start] as number;
  const second = der[start + 1] as number;
  return !((first === 0 && !(second & 0x80)) || (first === 0xff && second & 0x80));
}

/** Encodes a length in DER (short form below 128, long form otherwise). */
export function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}
