// The tables both process benchmarks print: one row per run (with the load
// average), then min / median / max per CLI, and with several CLIs the ratio of
// each CLI's median to the first one's (the comparison that survives a busy
// machine best). What a table shows is a list of figures read from a run record.
import { median } from "../harness.js";

/** What every run record has: which CLI, which run, the load at both ends, notes. */
export interface RunRow {
  readonly cli: string;
  readonly run: number;
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  readonly notes: readonly string[];
}

/** One reported figure: how to read it from a run and how to print it. */
export interface Figure<R> {
  readonly key: string;
  readonly title: string;
  readonly read: (r: R) => number | undefined;
  readonly format: (value: number) => string;
}

const MB = 1024 * 1024;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const fixed =
  (digits: number, unit = "") =>
  (v: number) =>
    `${v.toFixed(digits)}${unit}`;

/** A figure in bytes, printed in MB. */
export function megabytes<R>(key: string, title: string, bytes: (r: R) => number | undefined): Figure<R> {
  return {
    key,
    title,
    read: (r) => {
      const value = bytes(r);
      return value === undefined ? undefined : value / MB;
    },
    format: fixed(1, " MB"),
  };
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

export function summarise<R extends RunRow>(
  records: readonly R[],
  labels: readonly string[],
  figures: readonly Figure<R>[],
): Summary {
  return Object.fromEntries(
    labels.map((label) => {
      const runs = records.filter((r) => r.cli === label);
      return [label, Object.fromEntries(figures.map((f) => [f.key, spread(runs.map(f.read))]))];
    }),
  );
}

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const rule = (count: number) => row(["---", ...Array(count - 1).fill("---:")]);
const load = (l: readonly number[]) => l.map((v) => v.toFixed(2)).join(" ");

function runTable<R extends RunRow>(records: readonly R[], figures: readonly Figure<R>[]): string[] {
  return [
    row(["CLI", "run", "load 1/5/15 start → end", ...figures.map((f) => f.title)]),
    rule(figures.length + 3),
    ...records.map((r) =>
      row([
        r.cli,
        String(r.run),
        `${load(r.loadStart)} → ${load(r.loadEnd)}`,
        ...figures.map((f) => {
          const v = f.read(r);
          return v === undefined || !Number.isFinite(v) ? "–" : f.format(v);
        }),
      ]),
    ),
  ];
}

function summaryTable<R>(
  summary: Summary,
  labels: readonly string[],
  figures: readonly Figure<R>[],
): string[] {
  const cell = (f: Figure<R>, s: Spread | undefined) =>
    s ? `${f.format(s.median)} (${f.format(s.min)} – ${f.format(s.max)})` : "–";
  return [
    row(["figure: median (min – max)", ...labels]),
    rule(labels.length + 1),
    ...figures.map((f) => row([f.title, ...labels.map((l) => cell(f, summary[l]?.[f.key]))])),
  ];
}

function ratioTable<R>(summary: Summary, labels: readonly string[], figures: readonly Figure<R>[]): string[] {
  const [base, ...others] = labels;
  if (base === undefined || others.length === 0) return [];
  const ratio = (f: Figure<R>, label: string) => {
    const a = summary[base]?.[f.key]?.median;
    const b = summary[label]?.[f.key]?.median;
    return a === undefined || b === undefined || a === 0 ? "–" : `${(b / a).toFixed(2)}×`;
  };
  return [
    "",
    row([`median ÷ median of ${base}`, ...others]),
    rule(others.length + 1),
    ...figures.map((f) => row([f.title, ...others.map((l) => ratio(f, l))])),
  ];
}

/** The runs, the summary and the ratios, as Markdown lines. */
export function figureTables<R extends RunRow>(
  records: readonly R[],
  labels: readonly string[],
  figures: readonly Figure<R>[],
): string[] {
  const summary = summarise(records, labels, figures);
  return [
    ...runTable(records, figures),
    "",
    ...summaryTable(summary, labels, figures),
    ...ratioTable(summary, labels, figures),
  ];
}

/** Every run's notes, one Markdown item each (with a blank line before), or nothing. */
export function noteLines(records: readonly RunRow[]): string[] {
  const notes = records.flatMap((r) => r.notes.map((n) => `- ${r.cli} run ${r.run}: ${n}`));
  return notes.length > 0 ? ["", ...notes] : [];
}
