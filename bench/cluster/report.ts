// The cluster benchmark's report: one row per run (with the load average), then
// min / median / max per CLI, and with several CLIs the ratio of each CLI's median
// to the first one's (the comparison that survives a busy machine best).
import { median } from "../harness.js";
import type { RunRecord } from "./cluster-run.js";

/** One reported figure: how to read it from a run and how to print it. */
interface Figure {
  readonly key: string;
  readonly title: string;
  readonly read: (r: RunRecord) => number | undefined;
  readonly format: (value: number) => string;
}

const MB = 1024 * 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fixed =
  (digits: number, unit = "") =>
  (v: number) =>
    `${v.toFixed(digits)}${unit}`;

const FIGURES: readonly Figure[] = [
  { key: "convergeMs", title: "converge after last start", read: (r) => r.convergeMs, format: seconds },
  {
    key: "convergeAfterUpMs",
    title: "converge after last start-up done",
    read: (r) => r.convergeAfterUpMs,
    format: seconds,
  },
  { key: "slowestStartupMs", title: "slowest start-up", read: (r) => r.slowestStartupMs, format: seconds },
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
    key: "rssMB",
    title: "RSS per process (median)",
    read: (r) => mb(r.steady?.rssMedianBytes),
    format: fixed(1, " MB"),
  },
  {
    key: "rssMaxMB",
    title: "RSS largest process",
    read: (r) => mb(r.steady?.rssMaxBytes),
    format: fixed(1, " MB"),
  },
  {
    key: "pssMB",
    title: "PSS per process (median)",
    read: (r) => mb(r.steady?.pssMedianBytes),
    format: fixed(1, " MB"),
  },
  {
    key: "pssMaxMB",
    title: "PSS largest process",
    read: (r) => mb(r.steady?.pssMaxBytes),
    format: fixed(1, " MB"),
  },
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
  { key: "falseDeaths", title: "false deaths", read: (r) => r.falseDeaths, format: fixed(0) },
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

function mb(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : bytes / MB;
}

interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** Runs that produced the figure. */
  readonly count: number;
}

/** min / median / max of the defined, finite values; undefined when there are none. */
export function spread(values: readonly (number | undefined)[]): Spread | undefined {
  const xs = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (xs.length === 0) return undefined;
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs), count: xs.length };
}

/** Per CLI label, per figure key. */
type Summary = Record<string, Record<string, Spread | undefined>>;

export function summarise(records: readonly RunRecord[], labels: readonly string[]): Summary {
  return Object.fromEntries(
    labels.map((label) => {
      const runs = records.filter((r) => r.cli === label);
      return [label, Object.fromEntries(FIGURES.map((f) => [f.key, spread(runs.map(f.read))]))];
    }),
  );
}

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const rule = (count: number) => row(["---", ...Array(count - 1).fill("---:")]);
const load = (l: readonly number[]) => l.map((v) => v.toFixed(2)).join(" ");

function runTable(records: readonly RunRecord[]): string[] {
  return [
    row(["CLI", "run", "load 1/5/15 start → end", ...FIGURES.map((f) => f.title)]),
    rule(FIGURES.length + 3),
    ...records.map((r) =>
      row([
        r.cli,
        String(r.run),
        `${load(r.loadStart)} → ${load(r.loadEnd)}`,
        ...FIGURES.map((f) => {
          const v = f.read(r);
          return v === undefined || !Number.isFinite(v) ? "–" : f.format(v);
        }),
      ]),
    ),
  ];
}

function summaryTable(summary: Summary, labels: readonly string[]): string[] {
  const cell = (f: Figure, s: Spread | undefined) =>
    s ? `${f.format(s.median)} (${f.format(s.min)} – ${f.format(s.max)})` : "–";
  return [
    row(["figure: median (min – max)", ...labels]),
    rule(labels.length + 1),
    ...FIGURES.map((f) => row([f.title, ...labels.map((l) => cell(f, summary[l]?.[f.key]))])),
  ];
}

function ratioTable(summary: Summary, labels: readonly string[]): string[] {
  const [base, ...others] = labels;
  if (base === undefined || others.length === 0) return [];
  const ratio = (f: Figure, label: string) => {
    const a = summary[base]?.[f.key]?.median;
    const b = summary[label]?.[f.key]?.median;
    return a === undefined || b === undefined || a === 0 ? "–" : `${(b / a).toFixed(2)}×`;
  };
  return [
    "",
    row([`median ÷ median of ${base}`, ...others]),
    rule(others.length + 1),
    ...FIGURES.map((f) => row([f.title, ...others.map((l) => ratio(f, l))])),
  ];
}

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

/** The Markdown report: runs, then the summary, then ratios, then the slowest members, then every note. */
export function markdownReport(records: readonly RunRecord[], labels: readonly string[]): string {
  const summary = summarise(records, labels);
  const notes = records.flatMap((r) => r.notes.map((n) => `- ${r.cli} run ${r.run}: ${n}`));
  return [
    ...runTable(records),
    "",
    ...summaryTable(summary, labels),
    ...ratioTable(summary, labels),
    ...slowestMembers(records),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}
