// Every periodic task of one clock on a single timer. An idle node runs six of them
// (Fabric's alive, expiry check, reconnect and membership pull, the alive store's
// expiry, the identity pull); on timers of their own, started a few milliseconds
// apart and drifting by each run's lateness, each woke the process separately.
// Here a task is due on a grid (whole multiples of its period from the first task's
// start), so tasks whose periods divide one another run in one wake-up and stay
// together. Periods are kept; only the phase of a task's first run moves (by at most
// half a period).

/** What cancels a timer or task: the Clock's TimerHandle, declared again so that clock.ts can import this module. */
interface Cancellable {
  cancel(): void;
}

/** One-shot timers on a monotonic time source: what the ticker is built on. */
export interface OneShotTimers {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): Cancellable;
}

/** Where the ticker reports how late each wake-up was (the event loop's delay as its timer saw it). */
export interface LatenessSink {
  record(lateMs: number): void;
}

interface Task {
  readonly fn: () => void;
  readonly periodMs: number;
  /** The task is next due at origin + step × periodMs (integers: equal grid points compare equal). */
  step: number;
}

/**
 * How early a one-shot timer may fire by our clock (Node's timers count whole milliseconds
 * of the loop's cached time); a task due within it runs now rather than after another wake-up.
 */
const EARLY_TOLERANCE_MS = 1;

export class PeriodicTicker {
  private readonly tasks = new Set<Task>();
  /** The grid's zero: when the first task was added. */
  private origin: number | undefined;
  private wake: { at: number; timer: Cancellable } | undefined;

  constructor(
    private readonly timers: OneShotTimers,
    /** A task's exception: the other tasks of the wake-up still run. */
    private readonly onTaskError: (err: unknown) => void,
    private readonly lateness?: LatenessSink,
  ) {}

  /** Runs fn every ms (at least 1) until the handle cancels it; the first run is about ms from now. */
  repeat(fn: () => void, ms: number): Cancellable {
    const periodMs = Math.max(1, ms);
    const now = this.timers.now();
    const origin = this.origin ?? now;
    this.origin = origin;
    // The grid point nearest one period from now, and never now itself.
    const step = Math.max(1, Math.round((now - origin) / periodMs) + 1);
    const task: Task = { fn, periodMs, step };
    this.tasks.add(task);
    this.arm();
    return {
      cancel: () => {
        if (this.tasks.delete(task)) this.arm();
      },
    };
  }

  /** Number of tasks still scheduled. */
  get size(): number {
    return this.tasks.size;
  }

  private dueAt(task: Task): number {
    return (this.origin ?? 0) + task.step * task.periodMs;
  }

  /** Keeps exactly one timer, for the earliest due task; none when there is no task. */
  private arm(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const task of this.tasks) next = Math.min(next, this.dueAt(task));
    if (this.wake?.at === next) return;
    this.wake?.timer.cancel();
    this.wake = undefined;
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, Math.ceil(next - this.timers.now()));
    this.wake = { at: next, timer: this.timers.setTimeout(() => this.tick(), delay) };
  }

  private tick(): void {
    this.wake = undefined;
    const now = this.timers.now();
    const due = [...this.tasks].filter((task) => this.dueAt(task) <= now + EARLY_TOLERANCE_MS);
    if (due.length > 0) {
      const earliest = Math.min(...due.map((task) => this.dueAt(task)));
      this.lateness?.record(Math.max(0, now - earliest));
    }
    // Every due task runs once however late it is, then resumes on its grid after now,
    // as a native interval resumes its period after a late run.
    const origin = this.origin ?? now;
    for (const task of due) {
      task.step = Math.max(task.step + 1, Math.floor((now - origin) / task.periodMs) + 1);
    }
    // Longest period first, as they ran on timers of their own (a native interval drifts
    // later on each run, so the frequent ones lag behind): the membership pull then carries
    // the alive message of the previous round, not the one the alive task is about to gossip.
    // A peer that first gets a fresh alive message inside a membership request does not
    // forward it, so the other order cost the cluster about 3 % of its alive forwards.
    due.sort((a, b) => b.periodMs - a.periodMs);
    for (const task of due) if (this.tasks.has(task)) this.run(task.fn);
    this.arm();
  }

  private run(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onTaskError(err);
    }
  }
}
