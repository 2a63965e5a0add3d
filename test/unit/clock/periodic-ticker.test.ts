import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import { PeriodicTicker } from "../../../src/clock/periodic-ticker.js";
import { TimerLateness } from "../../../src/clock/timer-lateness.js";

/** A ticker on a manual clock, counting the one-shot timers it arms and the wake-ups they make. */
function tickerOn(clock: ManualClock, lateness?: TimerLateness) {
  const counts = { armed: 0, wakeUps: 0 };
  const errors: unknown[] = [];
  const ticker = new PeriodicTicker(
    {
      now: () => clock.now(),
      setTimeout: (fn, ms) => {
        counts.armed++;
        return clock.setTimeout(() => {
          counts.wakeUps++;
          fn();
        }, ms);
      },
    },
    (err) => errors.push(err),
    lateness,
  );
  return { ticker, counts, errors };
}

/** Records the clock's time at each run of a task. */
function runs(clock: ManualClock): { times: number[]; task: () => void } {
  const times: number[] = [];
  return { times, task: () => times.push(clock.now()) };
}

describe("PeriodicTicker", () => {
  it("runs tasks whose periods divide one another in one wake-up, each at its own period", async () => {
    const clock = new ManualClock(0);
    const { ticker, counts } = tickerOn(clock);
    const [half, second, alsoSecond, four] = [runs(clock), runs(clock), runs(clock), runs(clock)];
    ticker.repeat(half.task, 500);
    await clock.advance(3); // started a few milliseconds apart, as a node's tasks are
    ticker.repeat(second.task, 1000);
    await clock.advance(4);
    ticker.repeat(alsoSecond.task, 1000);
    ticker.repeat(four.task, 4000);
    await clock.advance(10_000 - 7);

    expect(half.times).toHaveLength(20);
    expect(second.times).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1000));
    expect(alsoSecond.times).toEqual(second.times);
    expect(four.times).toEqual([4000, 8000]);
    // One wake-up per 500 ms: on separate timers these tasks would have woken the process 42 times.
    expect(counts.wakeUps).toBe(20);
  });

  it("runs the tasks of one wake-up longest period first, so a pull never carries the alive about to be gossiped", async () => {
    const clock = new ManualClock(0);
    const { ticker } = tickerOn(clock);
    const order: string[] = [];
    ticker.repeat(() => order.push("alive"), 1000);
    ticker.repeat(() => order.push("check"), 500);
    ticker.repeat(() => order.push("pull"), 4000);
    await clock.advance(4000);
    expect(order.slice(-3)).toEqual(["pull", "alive", "check"]);
  });

  it("starts a task at the grid point nearest one period after it is added", async () => {
    const clock = new ManualClock(0);
    const { ticker } = tickerOn(clock);
    ticker.repeat(() => {}, 1000); // the grid starts at 0
    await clock.advance(1300);
    const [early, late] = [runs(clock), runs(clock)];
    ticker.repeat(early.task, 1000); // 2300 is nearest 2000: a first run 700 ms after, then every 1000
    await clock.advance(201);
    ticker.repeat(late.task, 200); // 1701 is nearest 1800: 299 ms after, then every 200
    await clock.advance(3000 - 1501);
    expect(early.times).toEqual([2000, 3000]);
    expect(late.times).toEqual([1800, 2000, 2200, 2400, 2600, 2800, 3000]);
  });

  it("runs an overdue task once after a stall, reports how late, and resumes on its grid", async () => {
    const clock = new ManualClock(0);
    const lateness = new TimerLateness();
    const { ticker } = tickerOn(clock, lateness);
    const task = runs(clock);
    ticker.repeat(task.task, 1000);
    await clock.advance(2000);
    expect(lateness.take()).toEqual({ p50Ms: 0, p99Ms: 0 });
    await clock.jump(3_250); // stalled from 2000 to 5250: the runs due at 3000, 4000 and 5000 are one late run
    await clock.advance(1_750);
    expect(task.times).toEqual([1000, 2000, 5250, 6000, 7000]);
    expect(lateness.take()).toEqual({ p50Ms: 0, p99Ms: 2250 });
  });

  it("leaves no timer once every task is cancelled, and one timer for the rest", async () => {
    const clock = new ManualClock(0);
    const { ticker } = tickerOn(clock);
    const [a, b] = [runs(clock), runs(clock)];
    const handleA = ticker.repeat(a.task, 100);
    const handleB = ticker.repeat(b.task, 300);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(250);
    handleA.cancel();
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(400);
    handleB.cancel();
    handleB.cancel();
    expect(clock.pendingTimers()).toBe(0);
    expect(ticker.size).toBe(0);
    expect(a.times).toEqual([100, 200]);
    expect(b.times).toEqual([300, 600]);
  });

  it("hands a task's exception on and still runs the wake-up's other tasks, and later ones", async () => {
    const clock = new ManualClock(0);
    const { ticker, errors } = tickerOn(clock);
    const failure = new Error("task failed");
    ticker.repeat(() => {
      throw failure;
    }, 100);
    const other = runs(clock);
    ticker.repeat(other.task, 100);
    await clock.advance(200);
    expect(errors).toEqual([failure, failure]);
    expect(other.times).toEqual([100, 200]);
  });

  it("lets a task cancel another due in the same wake-up", async () => {
    const clock = new ManualClock(0);
    const { ticker } = tickerOn(clock);
    const victim = runs(clock);
    let victimHandle: { cancel(): void } | undefined;
    ticker.repeat(() => victimHandle?.cancel(), 100);
    victimHandle = ticker.repeat(victim.task, 100);
    await clock.advance(300);
    expect(victim.times).toEqual([]);
  });
});
