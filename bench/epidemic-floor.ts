// The protocol's own floor on convergence: how many alive intervals pass
// before every member has heard of a new one. Other members learn a member only
// from its alive messages (Fabric forwards a membership request's alive to no
// one). The first leaves one aliveTimeInterval after start (Fabric sleeps
// before it sends). Each member forwards a fresh alive message once, to
// propagatePeerNum random alive members other than the one it came from. Push
// gossip of that kind misses some members, and they wait for the next alive.
//
// A Monte Carlo run of exactly that rule, with a seeded generator so the
// figures repeat; no network and no node code: it bounds what any
// implementation of Fabric's behaviour can reach.
import type { BenchCase, Benchmark, Measurement, Result } from "./harness.js";

const FANOUT = 3; // Fabric's propagatePeerNum default
const CLUSTER_SIZES = [10, 30, 50] as const;
const TRIALS = 20_000;
/** A member not reached after this many alive messages is counted at the cap (it never happens at these sizes). */
const MAX_ROUNDS = 12;

/** xorshift32: small, fast and seeded, so every run draws the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/**
 * One alive message of member 0 spreading through n members: which members received it.
 * Every receiver of a fresh copy forwards it to FANOUT distinct members, never itself or its sender.
 */
export function spreadOnce(n: number, random: () => number): Uint8Array {
  const reached = new Uint8Array(n);
  reached[0] = 1;
  let frontier: Array<[member: number, from: number]> = [[0, -1]];
  while (frontier.length > 0) {
    const next: Array<[number, number]> = [];
    for (const [member, from] of frontier) {
      for (const target of pickTargets(n, member, from, random)) {
        if (reached[target]) continue;
        reached[target] = 1;
        next.push([target, member]);
      }
    }
    frontier = next;
  }
  return reached;
}

function pickTargets(n: number, member: number, from: number, random: () => number): number[] {
  const eligible = n - 1 - (from >= 0 ? 1 : 0);
  const wanted = Math.min(FANOUT, eligible);
  const chosen: number[] = [];
  while (chosen.length < wanted) {
    const target = Math.floor(random() * n);
    if (target !== member && target !== from && !chosen.includes(target)) chosen.push(target);
  }
  return chosen;
}

/** Alive messages member 0 sends until every other member has received one of them. */
export function roundsUntilKnownByAll(n: number, random: () => number): number {
  const known = new Uint8Array(n);
  let missing = n - 1;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const reached = spreadOnce(n, random);
    for (let m = 1; m < n; m++) {
      if (reached[m] && !known[m]) {
        known[m] = 1;
        missing--;
      }
    }
    if (missing === 0) return round;
  }
  return MAX_ROUNDS;
}

/** The smallest round count that half the trials or more needed no more than. */
function medianRounds(sortedRounds: readonly number[], share: (rounds: number) => number): number {
  let cumulative = 0;
  for (const rounds of sortedRounds) {
    cumulative += share(rounds);
    if (cumulative >= 0.5) return rounds;
  }
  return MAX_ROUNDS;
}

function clusterFloor(n: number): Measurement {
  const random = seededRandom(n);
  const counts = new Map<number, number>();
  let missedByFirst = 0;
  for (let t = 0; t < TRIALS; t++) {
    const rounds = roundsUntilKnownByAll(n, random);
    counts.set(rounds, (counts.get(rounds) ?? 0) + 1);
    const first = spreadOnce(n, random);
    missedByFirst += n - first.reduce((sum, r) => sum + r, 0);
  }
  const share = (k: number) => (counts.get(k) ?? 0) / TRIALS;
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  const median = medianRounds(sorted, share);
  const distribution = sorted.map((k) => `${k}: ${(100 * share(k)).toFixed(1)} %`).join(", ");
  return {
    kind: "measurement",
    name: `N = ${n}: alive intervals until a new member is known by all (median)`,
    value: `${median}`,
    detail:
      `${TRIALS} trials, fanout ${FANOUT}; one alive message misses a given member with p = ` +
      `${(missedByFirst / (TRIALS * (n - 1))).toFixed(4)}; intervals needed: ${distribution}`,
  };
}

const floorCase: BenchCase = {
  name: "Fabric's push gossip of alive messages, simulated",
  run: async (): Promise<Result[]> => CLUSTER_SIZES.map(clusterFloor),
};

export const epidemicFloorBenchmark: Benchmark = { name: "epidemic-floor", cases: [floorCase] };
