// The convergence timeline: what the polls record per member, who converged
// last, and the line the report prints about it. Times are made up; none is measured.
import { describe, expect, it } from "vitest";
import {
  describeTimeline,
  evenlySpaced,
  slowestMember,
  TimelineRecorder,
} from "../../../bench/cluster/timeline.js";

/** Three members spawned at 1000 (the origin) + 0..2 ms, ids a, b, c. */
function threeMembers(): TimelineRecorder {
  const recorder = new TimelineRecorder(1_000);
  ["a", "b", "c"].forEach((id, i) => {
    recorder.spawned(i, 1_000 + i);
    recorder.adminUp(i, 2_000 + 100 * i, id);
  });
  return recorder;
}

describe("TimelineRecorder", () => {
  it("records start-up, the bootstrap ack, alive counts when they change, and first sightings", () => {
    const r = threeMembers();
    r.bootstrapAcked(1, 2_200, 2_150);
    r.bootstrapAcked(1, 2_300, 2_250); // a later poll changes nothing
    expect(r.listedAlive(0, 2_100, [], 2)).toBe(false);
    expect(r.listedAlive(0, 2_200, ["b"], 2)).toBe(false);
    expect(r.listedAlive(0, 2_300, ["b"], 2)).toBe(false);
    expect(r.listedAlive(0, 2_400, ["b", "c"], 2)).toBe(true);
    expect(r.listedAlive(1, 2_300, ["a", "c"], 2)).toBe(true);
    expect(r.listedAlive(2, 2_300, ["a"], 2)).toBe(false);
    expect(r.listedAlive(2, 2_900, ["a", "b"], 2)).toBe(true);

    const [m0, m1, m2] = r.timelines();
    expect(m0).toEqual({
      index: 0,
      spawnedAt: 0,
      adminUpAt: 1_000,
      aliveCounts: [
        { at: 1_100, count: 0 },
        { at: 1_200, count: 1 },
        { at: 1_400, count: 2 },
      ],
      sawAllAt: 1_400,
      seenByAllAt: 1_300,
      firstSaw: { 1: 1_200, 2: 1_400 },
    });
    expect(m1).toMatchObject({ bootstrapAckedAt: 1_200, bootstrapHandshakeAt: 1_150, seenByAllAt: 1_900 });
    expect(m2).toMatchObject({ sawAllAt: 1_900, seenByAllAt: 1_400 });
  });

  it("leaves out what was never seen, and a member seen by none is not seen by all", () => {
    const r = threeMembers();
    r.listedAlive(0, 2_100, ["b"], 2);
    r.listedAlive(1, 2_100, ["zz"], 2); // an id no member has
    const [m0, m1, m2] = r.timelines();
    expect(m0?.firstSaw).toEqual({ 1: 1_100 });
    expect(m1?.firstSaw).toEqual({});
    expect(m0?.sawAllAt).toBeUndefined();
    expect(m2?.seenByAllAt).toBeUndefined();
    expect(() => r.adminUp(5, 0, "x")).toThrow(/not spawned/);
  });
});

describe("slowestMember", () => {
  it("picks one that never saw all, else the latest to see all, ties broken by being seen last", () => {
    const r = threeMembers();
    r.listedAlive(0, 2_200, ["b"], 2);
    r.listedAlive(0, 2_400, ["b", "c"], 2);
    r.listedAlive(1, 2_400, ["a", "c"], 2);
    expect(slowestMember(r.timelines())?.index).toBe(2);
    r.listedAlive(2, 2_300, ["a", "b"], 2);
    // 0 and 1 both saw all at 1.4 s; 0 was seen by all at 1.4 s (by 1), 1 at 1.3 s (by 2).
    expect(slowestMember(r.timelines())?.index).toBe(0);
    expect(slowestMember([])).toBeUndefined();
  });
});

describe("describeTimeline", () => {
  it("prints the steps, the members it saw last and those that saw it last", () => {
    const r = threeMembers();
    r.bootstrapAcked(2, 2_500, 2_450);
    r.listedAlive(0, 2_400, ["b", "c"], 2);
    r.listedAlive(1, 2_600, ["a", "c"], 2);
    r.listedAlive(2, 2_600, ["a"], 2);
    const all = r.timelines();
    expect(describeTimeline(all[2] as (typeof all)[number], all)).toBe(
      "member 2: spawn 0.00 s → admin up 1.20 s → bootstrap acked 1.50 s (handshake 1.45 s) → " +
        "alive 1/2 at 1.60 s → saw all never; seen by all 1.60 s; " +
        "saw last: 1 (never), 0 (1.60 s); seen last by: 1 (1.60 s), 0 (1.40 s)",
    );
    expect(describeTimeline(all[0] as (typeof all)[number], all)).toMatch(
      /^member 0: spawn 0\.00 s → admin up 1\.00 s → alive 2\/2 at 1\.40 s → saw all 1\.40 s;/,
    );
  });
});

describe("evenlySpaced", () => {
  it("keeps the first and the last and spaces the rest", () => {
    expect(evenlySpaced([1, 2, 3], 6)).toEqual([1, 2, 3]);
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
  });
});
