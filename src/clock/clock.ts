// Time for the membership state machine comes through this interface, so the
// same code runs on real time in production and on a manual clock in tests.
import { performance } from "node:perf_hooks";
import { type LatenessSink, PeriodicTicker } from "./periodic-ticker.js";

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Runs fn once after ms; the handle cancels it. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Runs fn every ms until the handle cancels it; the first run is about ms from now (SystemClock: within half a period of it). */
  setInterval(fn: () => void, ms: number): TimerHandle;
}

/** Resolves after ms, or rejects with the signal's reason as soon as it aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The real clock. Timers are unref'd: a node's own server keeps the process alive, not its timers.
 * Its periodic tasks share one timer (PeriodicTicker), which reports each wake-up's lateness to `lateness`.
 */
export class SystemClock implements Clock {
  private readonly ticker: PeriodicTicker;

  constructor(options: { lateness?: LatenessSink } = {}) {
    this.ticker = new PeriodicTicker(
      { now: () => performance.now(), setTimeout: (fn, ms) => this.setTimeout(fn, ms) },
      // As a native interval's would: an uncaught exception, once the tick's other tasks ran.
      (err) =>
        queueMicrotask(() => {
          throw err;
        }),
      options.lateness,
    );
  }

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.ticker.repeat(fn, ms);
  }
}
