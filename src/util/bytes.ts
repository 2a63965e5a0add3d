// Byte-array equality, shared by every layer that compares PKI-IDs, hashes or
// metadata. Absent arrays (an unset protobuf field) equal nothing.

/** Up to this length a plain loop beats wrapping both arrays in Buffers for a native compare. */
const SHORT_BYTES = 64;

/** True when both arrays are present and hold the same bytes. */
export function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  if (a.length > SHORT_BYTES) {
    return Buffer.from(a.buffer, a.byteOffset, a.length).equals(
      Buffer.from(b.buffer, b.byteOffset, b.length),
    );
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
