// protobufjs represents uint64 as Long; the rest of the code uses bigint, so
// nonces and nanosecond timestamps never lose precision. Both directions go
// through the two 32-bit halves: no decimal string per conversion.
import Long from "long";

const LOW_32 = 0xffff_ffffn;

export function toBigInt(value: Long | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === "number") return BigInt(value);
  // A sequence number fits in the low half: one BigInt instead of four.
  if (value.high === 0) return BigInt(value.low >>> 0);
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

export function toLong(value: bigint): Long {
  const bits = BigInt.asUintN(64, value);
  return Long.fromBits(Number(bits & LOW_32), Number(bits >> 32n), true);
}
