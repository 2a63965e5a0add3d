// The benchmark harness: warm-up, then timed iterations until either the
// iteration cap or the time budget runs out (every loop is bounded by both),
// each iteration timed with process.hrtime.bigint. Results are plain objects
// that run.ts turns into Markdown tables.

/** Bounds of one timed loop. */
export interface MeasureOptions {
  /** Untimed calls first, so the JIT and caches settle (default 200). */
  warmupIterations?: number;
  /** Warm-up stops early after this long (default 500 ms). */
  warmupMs?: number;
  /** Most timed calls (default 20 000). */
  iterations?: number;
  /** Timed calls stop after this long (default 2 000 ms). */
  timeBudgetMs?: number;
}

/** A per-operation result: throughput and latency distribution. */
export interface Timing {
  readonly kind: "timing";
  readonly name: string;
  readonly iterations: number;
  /** Iterations divided by the wall time of the timed loop. */
  readonly opsPerSec: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly note?: string;
}

/** A result that is not a per-operation timing (e.g. a cluster's time to converge). */
export interface Measurement {
  readonly kind: "measurement";
  readonly name: string;
  /** The headline number, formatted. */
  readonly value: string;
  /** How it was obtained and the raw numbers behind it. */
  readonly detail: string;
}

export type Result = Timing | Measurement;

/** One named measurement; a benchmark is a list of them sharing a setup. */
export interface BenchCase {
  readonly name: string;
  run(): Promise<Result[]>;
}

export interface Benchmark {
  /** Short name, used by the filter (`npm run bench -- NAME`). */
  readonly name: string;
  readonly cases: readonly BenchCase[];
}

const DEFAULTS: Required<MeasureOptions> = {
  warmupIterations: 200,
  warmupMs: 500,
  iterations: 20_000,
  timeBudgetMs: 2_000,
};

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === "function";

/**
 * Times `fn`. It is called with a running call index (warm-up calls included),
 * so a case that consumes pre-built inputs can pick input `i`; such a case
 * caps warmupIterations + iterations at the number of inputs it built.
 */
export async function measure(
  name: string,
  fn: (i: number) => unknown,
  options: MeasureOptions = {},
  note?: string,
): Promise<Timing> {
  const opts = { ...DEFAULTS, ...options };
  let call = 0;

  const warmupEnd = process.hrtime.bigint() + BigInt(opts.warmupMs) * 1_000_000n;
  for (let w = 0; w < opts.warmupIterations && process.hrtime.bigint() < warmupEnd; w++) {
    const out = fn(call++);
    if (isPromise(out)) await out;
  }

  const samples = new Float64Array(opts.iterations);
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(opts.timeBudgetMs) * 1_000_000n;
  let n = 0;
  let now = start;
  while (n < opts.iterations && now < deadline) {
    const before = process.hrtime.bigint();
    const out = fn(call++);
    if (isPromise(out)) await out;
    now = process.hrtime.bigint();
    samples[n++] = Number(now - before);
  }
  const wallNs = Number(now - start);
  return { kind: "timing", name, ...summarise(samples.subarray(0, n), wallNs), ...(note ? { note } : {}) };
}

function summarise(
  samples: Float64Array,
  wallNs: number,
): Pick<Timing, "iterations" | "opsPerSec" | "meanNs" | "p50Ns" | "p99Ns"> {
  const n = samples.length;
  if (n === 0) return { iterations: 0, opsPerSec: 0, meanNs: 0, p50Ns: 0, p99Ns: 0 };
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const s of sorted) total += s;
  return {
    iterations: n,
    opsPerSec: wallNs > 0 ? (n * 1e9) / wallNs : 0,
    meanNs: total / n,
    p50Ns: percentile(sorted, 0.5),
    p99Ns: percentile(sorted, 0.99),
  };
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** 1234 ns -> "1.23 µs". */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "–";
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

export function formatMs(ms: number): string {
  return formatNs(ms * 1_000_000);
}

/** 12345.6 -> "12,346". */
export function formatRate(perSec: number): string {
  return Math.round(perSec).toLocaleString("en-US");
}

/** Resolves after ms (real time); for the cluster benchmark's settle and steady-state windows. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
