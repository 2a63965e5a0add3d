// protobufjs represents uint64 as Long; the rest of the code uses bigint, so
// nonces and nanosecond timestamps never lose precision.
import Long from "long";

export function toBigInt(value: Long | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === "number") return BigInt(value);
  return BigInt.asUintN(64, BigInt(value.toString()));
}

export function toLong(value: bigint): Long {
  return Long.fromString(BigInt.asUintN(64, value).toString(), true);
}
