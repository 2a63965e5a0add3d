// Minimal strict DER reader/writer: just enough to handle ECDSA signatures and to
// swap the signature of an X.509 certificate. Anything non-canonical is rejected,
// so callers can treat "parses" as "is the one DER encoding of this value".

/** One DER element located inside a buffer. */
export interface Tlv {
  readonly tag: number;
  /** Offset of the first content byte. */
  readonly start: number;
  /** Offset just past the last content byte. */
  readonly end: number;
  /** The whole element, header included. */
  readonly raw: Uint8Array;
  readonly content: Uint8Array;
}

/** Thrown on any DER that is not strictly canonical; always caught inside this module's callers. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

/** Reads one element at `offset`; only single-byte tags and minimal definite lengths are accepted. */
export function readTlv(buf: Uint8Array, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new DerError("truncated header");
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not supported");
  const first = buf[offset + 1] as number;
  let length: number;
  let start: number;
  if (first < 0x80) {
    length = first;
    start = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new DerError("indefinite or oversized length");
    if (offset + 2 + count > buf.length) throw new DerError("truncated length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[offset + 2 + i] as number);
    // Long form is only allowed when needed, and without leading zero octets.
    if (length < 0x80 || buf[offset + 2] === 0) throw new DerError("non-minimal length");
    start = offset + 2 + count;
  }
  const end = start + length;
  if (end > buf.length) throw new DerError("content runs past the end");
  return { tag, start, end, raw: buf.subarray(offset, end), content: buf.subarray(start, end) };
}

/** Reads all consecutive elements inside `content` (e.g. the children of a SEQUENCE). */
export function readChildren(content: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < content.length) {
    const tlv = readTlv(content, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** Encodes one element with a minimal definite length. */
export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let header: number[];
  if (n < 0x80) {
    header = [tag, n];
  } else {
    const lenBytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) lenBytes.unshift(v % 256);
    header = [tag, 0x80 | lenBytes.length, ...lenBytes];
  }
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

/** Decodes a DER INTEGER's content as a non-negative bigint; negative or padded values are rejected. */
export function decodeUnsignedInteger(content: Uint8Array): bigint {
  if (content.length === 0) throw new DerError("empty INTEGER");
  const b0 = content[0] as number;
  if (b0 & 0x80) throw new DerError("negative INTEGER");
  if (b0 === 0 && content.length > 1 && ((content[1] as number) & 0x80) === 0) {
    throw new DerError("INTEGER has a superfluous leading zero");
  }
  return BigInt(`0x${Buffer.from(content).toString("hex")}`);
}

/** Encodes a non-negative bigint as DER INTEGER content (minimal, with a 0x00 pad when the top bit is set). */
export function encodeUnsignedInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new DerError("negative value");
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  if (((bytes[0] as number) & 0x80) !== 0) return Buffer.concat([Buffer.from([0]), bytes]);
  return bytes;
}

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_SEQUENCE = 0x30;
