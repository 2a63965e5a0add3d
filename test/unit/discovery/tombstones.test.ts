import { describe, expect, it } from "vitest";
import { Tombstones } from "../../../src/discovery/tombstones.js";

const at = (incNum: number, seqNum: number) => ({ incNum: BigInt(incNum), seqNum: BigInt(seqNum) });

describe("Tombstones", () => {
  it("holds messages not newer than the last one, lets newer ones and restarts through", () => {
    const t = new Tombstones();
    t.bury("aa", at(5, 10));
    expect(t.holds("aa", at(5, 10))).toBe(true);
    expect(t.holds("aa", at(5, 3))).toBe(true);
    expect(t.holds("aa", at(4, 99))).toBe(true);
    expect(t.holds("aa", at(5, 11))).toBe(false);
    expect(t.holds("aa", at(6, 0))).toBe(false);
    expect(t.holds("bb", at(1, 1))).toBe(false);
    t.exhume("aa");
    expect(t.holds("aa", at(5, 10))).toBe(false);
  });

  it("forgets the least recently buried beyond its capacity", () => {
    const t = new Tombstones(2);
    t.bury("aa", at(1, 1));
    t.bury("bb", at(1, 1));
    t.bury("aa", at(1, 2)); // reburied: now the most recent
    t.bury("cc", at(1, 1));
    expect(t.holds("bb", at(1, 1))).toBe(false);
    expect(t.holds("aa", at(1, 2))).toBe(true);
    expect(t.holds("cc", at(1, 1))).toBe(true);
  });
});
