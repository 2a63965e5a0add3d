import { describe, expect, it } from "vitest";
import { StallDetector } from "../../../src/clock/stall-detector.js";

describe("StallDetector", () => {
  it("reports nothing on time or slightly late, and the lateness of a run later than the threshold", () => {
    const detector = new StallDetector(100, 250);
    expect(detector.observe(1_000)).toBe(0); // the first run has nothing to compare with
    expect(detector.observe(1_100)).toBe(0);
    expect(detector.observe(1_450)).toBe(0); // 250 ms late: not more than the threshold
    expect(detector.observe(1_851)).toBe(301);
    expect(detector.observe(1_951)).toBe(0); // measured from the late run, not the schedule
  });
});
