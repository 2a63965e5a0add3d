import Long from "long";
import { describe, expect, it } from "vitest";
import { toBigInt, toLong } from "../../../src/protocol/long.js";

const EDGES = [
  0n,
  1n,
  0x7fff_ffffn,
  0x8000_0000n,
  0xffff_ffffn,
  1n << 32n,
  (1n << 63n) - 1n,
  1n << 63n,
  (1n << 64n) - 1n,
];

describe("uint64 conversions", () => {
  it("reads a Long as the unsigned value its decimal string spells, at every 32-bit edge", () => {
    for (const value of EDGES) {
      const long = Long.fromString(value.toString(), true);
      expect(toBigInt(long)).toBe(value);
      // protobufjs hands out signed Longs for some fields: the bits are what count.
      expect(toBigInt(long.toSigned())).toBe(value);
    }
  });

  it("writes a bigint as the unsigned Long of the same decimal value, wrapping to 64 bits", () => {
    for (const value of EDGES) {
      const long = toLong(value);
      expect(long.unsigned).toBe(true);
      expect(long.toString()).toBe(value.toString());
    }
    expect(toLong(-1n).toString()).toBe(((1n << 64n) - 1n).toString());
    expect(toLong(1n << 64n).toString()).toBe("0");
  });

  it("takes numbers, null and undefined as protobufjs may leave them", () => {
    expect(toBigInt(42)).toBe(42n);
    expect(toBigInt(null)).toBe(0n);
    expect(toBigInt(undefined)).toBe(0n);
  });
});
