// The cluster benchmark's report: the figure tables (tables.ts) over the figures
// below, then per run the member that converged last, then every note.
import type { RunRecord } from "./cluster-run.js";
import type { WindowCpu } from "./resources.js";
import { type Figure, figureTables, fixed, megabytes, noteLines, seconds, summarise } from "./tables.js";

/** The last steady window when there were several (--windows), else undefined. */
function laterWindow(r: RunRecord): WindowCpu | undefined {
  return r.windows && r.windows.length > 1 ? r.windows.at(-1) : undefined;
}

const FIGURES: readonly Figure<RunRecord>[] = [
  { key: "convergeMs", title: "converge after last start", read: (r) => r.convergeMs, format: seconds },
  {
    key: "convergeAfterUpMs",
    title: "converge after last start-up done",
    read: (r) => r.convergeAfterUpMs,
    format: seconds,
  },
  { key: "slowestStartupMs", title: "slowest start-up", read: (r) => r.slowestStartupMs, format: seconds },
  {
    key: "cpuUntilConvergedS",
    title: "CPU until converged, all members",
    read: (r) => r.cpuUntilConvergedS,
    format: fixed(1, " s"),
  },
  { key: "startupCpuS", title: "of which start-ups", read: (r) => r.startupCpuS, format: fixed(1, " s") },
  {
    key: "machineBusyShare",
    title: "machine busy until converged",
    read: (r) => (r.machineBusyShare === undefined ? undefined : r.machineBusyShare * 100),
    format: fixed(0, " %"),
  },
  {
    key: "cpuPercent",
    title: "CPU % per member",
    read: (r) => r.steady?.cpuPercentMean,
    format: fixed(2, " %"),
  },
  {
    key: "cpuPercentMax",
    title: "CPU % busiest member",
    read: (r) => r.steady?.cpuPercentMax,
    format: fixed(2, " %"),
  },
  {
    key: "cpuPercentLastWindow",
    title: "CPU % per member, last window",
    read: (r) => laterWindow(r)?.cpuPercentMean,
    format: fixed(2, " %"),
  },
  {
    key: "lastToFirstWindow",
    title: "last window ÷ first",
    read: (r) => {
      const last = laterWindow(r)?.cpuPercentMean;
      const first = r.windows?.[0]?.cpuPercentMean;
      return last === undefined || first === undefined ? undefined : last / first;
    },
    format: fixed(2, "×"),
  },
  megabytes("rssMB", "RSS per process (median)", (r) => r.steady?.rssMedianBytes),
  megabytes("rssMaxMB", "RSS largest process", (r) => r.steady?.rssMaxBytes),
  megabytes("pssMB", "PSS per process (median)", (r) => r.steady?.pssMedianBytes),
  megabytes("pssMaxMB", "PSS largest process", (r) => r.steady?.pssMaxBytes),
  {
    key: "messagesPerSec",
    title: "msg/s sent per member",
    read: (r) => r.steady?.messagesPerMemberPerSec,
    format: fixed(1),
  },
  {
    key: "bytesPerSec",
    title: "bytes/s sent per member",
    read: (r) => r.steady?.bytesPerMemberPerSec,
    format: fixed(0),
  },
  { key: "falseDeaths", title: "false deaths, steady state", read: (r) => r.falseDeaths, format: fixed(0) },
  {
    key: "falseDeathsSinceStart",
    title: "false deaths since start-up",
    read: (r) => r.falseDeathsSinceStart,
    format: fixed(0),
  },
  {
    key: "falseDeathsLaterWindows",
    title: "false deaths, later windows",
    read: (r) => (r.windows && r.windows.length > 1 ? r.falseDeathsLaterWindows : undefined),
    format: fixed(0),
  },
  { key: "detectionMs", title: "detection after SIGKILL", read: (r) => r.detectionMs, format: seconds },
  {
    key: "lateJoinerMs",
    title: "late joiner sees all, seen by all",
    read: (r) => r.lateJoinerMs,
    format: seconds,
  },
  {
    key: "lateJoinerAfterUpMs",
    title: "late joiner, after its start-up",
    read: (r) => r.lateJoinerAfterUpMs,
    format: seconds,
  },
];

/** Per run, the member that converged last: its timeline and its dropped messages. */
function slowestMembers(records: readonly RunRecord[]): string[] {
  const lines = records.flatMap(({ cli, run, slowest }) => {
    if (!slowest) return [];
    const drops = Object.entries(slowest.dropped)
      .sort((a, b) => b[1] - a[1])
      .map(([why, n]) => `${why} ${n}`);
    return [`- ${cli} run ${run}: ${slowest.timeline}; dropped: ${drops.join(", ") || "none"}`];
  });
  if (lines.length === 0) return [];
  return [
    "",
    "Member that converged last (times since the first spawn; alive k/N-1 as polled):",
    "",
    ...lines,
  ];
}

/** Per run with several windows (--windows), each window's CPU per member: V8's warm-up as it happens. */
function windowSeries(records: readonly RunRecord[]): string[] {
  const lines = records.flatMap(({ cli, run, windows }) => {
    if (!windows || windows.length < 2) return [];
    const cells = windows.map((w) => `${w.fromS.toFixed(0)} s ${w.cpuPercentMean.toFixed(2)} %`);
    return [`- ${cli} run ${run}: ${cells.join(", ")}`];
  });
  if (lines.length === 0) return [];
  return ["", "CPU % per member, window by window (window start, seconds after convergence):", "", ...lines];
}

/** The Markdown report: runs, summary, ratios, the window series, the slowest members, every note. */
export function markdownReport(records: readonly RunRecord[], labels: readonly string[]): string {
  return [
    ...figureTables(records, labels, FIGURES),
    ...windowSeries(records),
    ...slowestMembers(records),
    ...noteLines(records),
  ].join("\n");
}

/** min / median / max per CLI of every figure, for the JSON. */
export const clusterSummary = (records: readonly RunRecord[], labels: readonly string[]) =>
  summarise(records, labels, FIGURES);
