// The cluster benchmark's report with --windows: the first window's figures keep
// their columns, the last window and its ratio to the first come next to them,
// and each run's window series follows the tables. No timing is asserted.
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../../bench/cluster/cluster-run.js";
import { clusterSummary, markdownReport } from "../../../bench/cluster/report.js";
import type { WindowCpu } from "../../../bench/cluster/resources.js";

const window = (fromS: number, cpuPercentMean: number): WindowCpu => ({
  fromS,
  seconds: 30,
  cpuPercentMean,
  cpuPercentMax: cpuPercentMean * 2,
  cpuPercentByMember: [cpuPercentMean],
  rssBytesByMember: [null],
});

const record = (windows: readonly WindowCpu[], falseDeathsLaterWindows = 0): RunRecord => ({
  cli: "current",
  run: 1,
  loadStart: [1, 1, 1],
  loadEnd: [1, 1, 1],
  windows,
  falseDeathsLaterWindows,
  notes: [],
});

/** The summary table's row of one figure, by its title. */
const summaryRow = (report: string, title: string) =>
  report.split("\n").find((line) => line.startsWith(`| ${title} | `) && line.includes("("));

describe("cluster report with several steady windows", () => {
  it("reports the last window and last ÷ first, and each window in a series", () => {
    const runs = [record([window(10, 4), window(40, 3), window(70, 2)], 1)];
    const report = markdownReport(runs, ["current"]);
    expect(summaryRow(report, "CPU % per member, last window")).toContain("2.00 %");
    expect(summaryRow(report, "last window ÷ first")).toContain("0.50×");
    expect(summaryRow(report, "false deaths, later windows")).toContain("1 (1 – 1)");
    expect(report).toContain("- current run 1: 10 s 4.00 %, 40 s 3.00 %, 70 s 2.00 %");
    expect(clusterSummary(runs, ["current"]).current?.lastToFirstWindow?.median).toBeCloseTo(0.5);
  });

  it("leaves the later-window figures empty and prints no series with one window", () => {
    const report = markdownReport([record([window(10, 4)])], ["current"]);
    expect(summaryRow(report, "CPU % per member, last window")).toBeUndefined();
    expect(report).toContain("| CPU % per member, last window | – |");
    expect(report).not.toContain("window by window");
  });
});
