// A clock that only moves when told to: unit tests drive expiry, retries and
// periodic tasks deterministically, without sleeping.
import type { Clock, TimerHandle } from "./clock.js";

interface PendingTimer {
  id: number;
  due: number;
  period: number | undefined;
  fn: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private nextId = 0;
  private readonly timers = new Map<number, PendingTimer>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.schedule(fn, ms, undefined);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.schedule(fn, ms, Math.max(1, ms));
  }

  /** Number of timers still scheduled; a stopped component must leave zero. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by ms, firing due timers in order. Between timers it
   * yields to the event loop so that promise chains started by one timer
   * settle before the next fires, as they would in real time.
   */
  async advance(ms: number): Promise<void> {
    // Work queued before the call (e.g. a timer armed after an await) settles first.
    await flushMicrotasks();
    const target = this.current + ms;
    for (;;) {
      const next = this.earliestDue();
      if (next === undefined || next.due > target) break;
      this.current = Math.max(this.current, next.due);
      if (next.period === undefined) this.timers.delete(next.id);
      else next.due += next.period;
      next.fn();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /**
   * Moves time forward by ms as a stalled process sees it (a GC pause, SIGSTOP):
   * no timer fires during the jump; afterwards each overdue timer fires once,
   * and interval timers resume their period from there.
   */
  async jump(ms: number): Promise<void> {
    await flushMicrotasks();
    this.current += ms;
    for (const timer of this.timers.values()) timer.due = Math.min(timer.due, this.current);
    await this.advance(0);
  }

  private schedule(fn: () => void, ms: number, period: number | undefined): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), period, fn });
    return { cancel: () => this.timers.delete(id) };
  }

  private earliestDue(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers.values()) {
      if (best === undefined || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}

/** Lets queued promise callbacks and immediate callbacks run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
