import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { RateLimitedLog } from "../../../src/observability/rate-limited-log.js";

function setup() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  let now = 1_000_000;
  const clock = { now: () => now };
  const log = new RateLimitedLog({ logger, clock, linesPerWindow: 3, windowMs: 1_000 });
  return { lines, log, advance: (ms: number) => (now += ms) };
}

describe("RateLimitedLog", () => {
  it("writes a few lines per reason per window, then one line with the count suppressed", () => {
    const { lines, log, advance } = setup();
    for (let i = 0; i < 100; i++) log.log("info", "timeout", { i }, "gossip handshake failed");
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.i)).toEqual([0, 1, 2]);

    advance(1_000);
    log.log("info", "timeout", { i: 100 }, "gossip handshake failed");
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatchObject({ reason: "timeout", suppressed: 97 });
    expect(lines[4]).toMatchObject({ reason: "timeout", i: 100 });
  });

  it("limits each reason on its own", () => {
    const { lines, log } = setup();
    for (let i = 0; i < 10; i++) {
      log.log("warn", "capacity", {}, "refused");
      log.log("warn", "malformed", {}, "refused");
    }
    expect(lines.filter((l) => l.reason === "capacity")).toHaveLength(3);
    expect(lines.filter((l) => l.reason === "malformed")).toHaveLength(3);
  });

  it("reports nothing suppressed when the window was not exceeded", () => {
    const { lines, log, advance } = setup();
    log.log("debug", "closed", {}, "stream closed");
    advance(5_000);
    log.log("debug", "closed", {}, "stream closed");
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.suppressed === undefined)).toBe(true);
  });
});
