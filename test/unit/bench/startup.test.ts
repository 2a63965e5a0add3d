// The start-up benchmark's command line and the pieces it shares with the cluster
// benchmark: the interleaved order of runs and the figure tables. No timing is asserted.
import { describe, expect, it } from "vitest";
import { schedule } from "../../../bench/cluster/runs.js";
import { type Figure, figureTables, fixed, type RunRow } from "../../../bench/cluster/tables.js";
import { parseStartupOptions } from "../../../bench/startup/options.js";

describe("parseStartupOptions", () => {
  it("has its own defaults and the shared options", () => {
    const o = parseStartupOptions([
      "--cli",
      "a=/x/main.js",
      "--cli",
      "b=/y/main.js",
      "--node",
      "/opt/n24/node",
    ]);
    expect(o).toMatchObject({ repeat: 5, settleMs: 30_000, windowMs: 30_000, timeoutMs: 60_000 });
    expect(o.clis.map((c) => c.label)).toEqual(["a", "b"]);
    expect(o.nodeBinary).toBe("/opt/n24/node");
    expect(() => parseStartupOptions(["--nodes", "3"])).toThrow(/Unknown option '--nodes'/);
  });
});

describe("schedule", () => {
  it("interleaves the CLIs, reversing every other round", () => {
    const order = schedule(["A", "B"], 3).map(({ cli, run }) => `${cli}${run}`);
    expect(order).toEqual(["A1", "B1", "B2", "A2", "A3", "B3"]);
  });
});

describe("figureTables", () => {
  interface Row extends RunRow {
    readonly ms?: number;
  }
  const figures: Figure<Row>[] = [{ key: "ms", title: "time", read: (r) => r.ms, format: fixed(0, " ms") }];
  const run = (cli: string, n: number, ms?: number): Row => ({
    cli,
    run: n,
    loadStart: [1, 2, 3],
    loadEnd: [1, 2, 3],
    notes: [],
    ...(ms === undefined ? {} : { ms }),
  });

  it("prints each run, min/median/max per CLI and the ratio of medians to the first CLI", () => {
    const lines = figureTables(
      [run("a", 1, 100), run("b", 1, 150), run("a", 2, 300), run("b", 2)],
      ["a", "b"],
      figures,
    );
    expect(lines).toContain("| b | 2 | 1.00 2.00 3.00 → 1.00 2.00 3.00 | – |");
    expect(lines).toContain("| time | 200 ms (100 ms – 300 ms) | 150 ms (150 ms – 150 ms) |");
    expect(lines).toContain("| time | 0.75× |");
  });
});
