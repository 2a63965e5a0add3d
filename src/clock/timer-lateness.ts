// How late the node's periodic tasks ran: the event loop's delay as their timer saw
// it, the same measure as perf_hooks' monitorEventLoopDelay, but sampled on the
// wake-ups the node makes anyway instead of on a sampler of its own (which woke an
// idle node ten times a second).
import type { LatenessSink } from "./periodic-ticker.js";

/** The most recent wake-ups kept between two reads: a bound, not a sampling rate. */
const CAPACITY = 1024;

export interface LatenessQuantiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export class TimerLateness implements LatenessSink {
  private readonly samples = new Float64Array(CAPACITY);
  /** Samples recorded since the last take(); only the last CAPACITY are kept. */
  private recorded = 0;

  record(lateMs: number): void {
    this.samples[this.recorded % CAPACITY] = lateMs;
    this.recorded++;
  }

  /** The quantiles of what was recorded since the previous take (undefined if nothing was), and a fresh start. */
  take(): LatenessQuantiles | undefined {
    const count = Math.min(this.recorded, CAPACITY);
    this.recorded = 0;
    if (count === 0) return undefined;
    const sorted = this.samples.slice(0, count).sort();
    return { p50Ms: nearestRank(sorted, 0.5), p99Ms: nearestRank(sorted, 0.99) };
  }
}

/** The nearest-rank quantile of sorted values. */
function nearestRank(sorted: Float64Array, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? 0;
}
