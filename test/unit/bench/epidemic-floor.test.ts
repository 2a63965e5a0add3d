// The push-gossip simulation behind the convergence floor: its spreading rule and its seeding.
import { describe, expect, it } from "vitest";
import { roundsUntilKnownByAll, seededRandom, spreadOnce } from "../../../bench/epidemic-floor.js";

describe("epidemic floor simulation", () => {
  it("repeats its draws for a seed", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 5 }, () => [a(), b()]);
    for (const [x, y] of draws) expect(x).toBe(y);
    expect(new Set(draws.map(([x]) => x)).size).toBe(5);
    for (const [x] of draws) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("reaches everyone at once when the fanout covers the cluster", () => {
    const random = seededRandom(1);
    expect([...spreadOnce(4, random)]).toEqual([1, 1, 1, 1]);
    expect(roundsUntilKnownByAll(4, random)).toBe(1);
  });

  it("misses a few members of a larger cluster with one message, as push gossip does", () => {
    const random = seededRandom(30);
    let missed = 0;
    const trials = 2_000;
    for (let t = 0; t < trials; t++) missed += 30 - spreadOnce(30, random).reduce((s, r) => s + r, 0);
    const p = missed / (trials * 29);
    // Mean-field theory for fanout 3 gives about 6 %; the finite cluster and the no-echo rule about 4–5 %.
    expect(p).toBeGreaterThan(0.02);
    expect(p).toBeLessThan(0.08);
  });
});
