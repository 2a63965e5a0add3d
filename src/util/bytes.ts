// Byte-array equality, shared by every layer that compares PKI-IDs, hashes or
// metadata. Absent arrays (an unset protobuf field) equal nothing.

/** True when both arrays are present and hold the same bytes. */
export function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}
