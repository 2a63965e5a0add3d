import { describe, expect, it } from "vitest";
import { TimerLateness } from "../../../src/clock/timer-lateness.js";

describe("TimerLateness", () => {
  it("gives the nearest-rank p50 and p99 of what was recorded since the previous take", () => {
    const lateness = new TimerLateness();
    expect(lateness.take()).toBeUndefined();
    for (const ms of [5, 1, 3, 2, 4]) lateness.record(ms);
    expect(lateness.take()).toEqual({ p50Ms: 3, p99Ms: 5 });
    expect(lateness.take()).toBeUndefined();
  });

  it("keeps only the most recent 1024 samples between two takes", () => {
    const lateness = new TimerLateness();
    for (let i = 0; i < 1024; i++) lateness.record(1000);
    for (let i = 0; i < 1024; i++) lateness.record(1);
    expect(lateness.take()).toEqual({ p50Ms: 1, p99Ms: 1 });
  });
});
