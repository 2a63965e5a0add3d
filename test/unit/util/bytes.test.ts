import { describe, expect, it } from "vitest";
import { sameBytes } from "../../../src/util/bytes.js";

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe("sameBytes", () => {
  it("compares short arrays (PKI-IDs) and long ones (certificates) byte for byte", () => {
    for (const n of [0, 1, 32, 64, 65, 1000]) {
      expect(sameBytes(bytes(n), bytes(n))).toBe(true);
      if (n === 0) continue;
      const other = bytes(n);
      other[n - 1] = 8;
      expect(sameBytes(bytes(n), other)).toBe(false);
    }
  });

  it("reads views at their offset, and absent or differently sized arrays equal nothing", () => {
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    expect(sameBytes(backing.subarray(1, 4), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(sameBytes(bytes(32), bytes(33))).toBe(false);
    expect(sameBytes(undefined, bytes(1))).toBe(false);
    expect(sameBytes(null, null)).toBe(false);
  });
});
