// runChecksInOrder: a bounded window of checks, results applied in the items' order,
// nothing applied or left running after an abort. Checks are promises the test settles.
import { describe, expect, it } from "vitest";
import { flushMicrotasks } from "../../../src/clock/manual-clock.js";
import { type InOrderChecks, runChecksInOrder } from "../../../src/discovery/checks-in-order.js";

/** Checks that wait until the test settles them, by item. */
class HeldChecks {
  private readonly held = new Map<number, { resolve: (ok: boolean) => void; reject: (err: Error) => void }>();
  readonly applied: [number, boolean][] = [];
  readonly errors: unknown[] = [];
  started = 0;
  maxInFlight = 0;

  run(items: number[], window: number, signal = new AbortController().signal): Promise<void> {
    const run: InOrderChecks<number, boolean> = {
      items: items[Symbol.iterator](),
      window,
      check: (item) => {
        this.started++;
        return new Promise((resolve, reject) => {
          this.held.set(item, { resolve, reject });
          this.maxInFlight = Math.max(this.maxInFlight, this.held.size);
        });
      },
      apply: (item, ok) => this.applied.push([item, ok]),
      signal,
      onError: (err) => this.errors.push(err),
    };
    return runChecksInOrder(run);
  }

  get inFlight(): number[] {
    return [...this.held.keys()];
  }

  async settle(item: number, ok = true): Promise<void> {
    this.take(item).resolve(ok);
    await flushMicrotasks();
  }

  async fail(item: number): Promise<void> {
    this.take(item).reject(new Error(`check ${item} failed`));
    await flushMicrotasks();
  }

  private take(item: number) {
    const held = this.held.get(item);
    if (!held) throw new Error(`no check in flight for ${item}`);
    this.held.delete(item);
    return held;
  }
}

describe("runChecksInOrder", () => {
  it("keeps at most `window` checks in flight and applies results in the items' order", async () => {
    const checks = new HeldChecks();
    const done = checks.run([0, 1, 2, 3, 4, 5], 2);
    expect(checks.inFlight).toEqual([0, 1]);
    await checks.settle(1, false);
    expect(checks.applied).toEqual([]); // 1 waits for 0
    expect(checks.inFlight).toEqual([0]); // and holds its place in the window
    await checks.settle(0);
    expect(checks.applied).toEqual([
      [0, true],
      [1, false],
    ]);
    expect(checks.inFlight).toEqual([2, 3]);
    for (const item of [3, 2, 4, 5]) await checks.settle(item);
    await done;
    expect(checks.applied.map(([item]) => item)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(checks.maxInFlight).toBe(2);
  });

  it("after an abort starts and applies nothing, and resolves once the checks in flight settle", async () => {
    const checks = new HeldChecks();
    const controller = new AbortController();
    let finished = false;
    const done = checks.run([0, 1, 2, 3], 2, controller.signal).then(() => {
      finished = true;
    });
    controller.abort();
    await checks.settle(0);
    expect(finished).toBe(false); // 1 is still in flight
    await checks.settle(1);
    await done;
    expect(checks.applied).toEqual([]);
    expect(checks.started).toBe(2);
  });

  it("skips an item whose check rejects, reporting it, and goes on with the rest", async () => {
    const checks = new HeldChecks();
    const done = checks.run([0, 1, 2], 3);
    await checks.fail(1);
    await checks.settle(0);
    await checks.settle(2);
    await done;
    expect(checks.applied.map(([item]) => item)).toEqual([0, 2]);
    expect(checks.errors).toHaveLength(1);
  });

  it("stops at a throwing apply, reporting it, and still waits for the checks in flight", async () => {
    const errors: unknown[] = [];
    const resolvers: ((ok: boolean) => void)[] = [];
    let finished = false;
    const done = runChecksInOrder<number, boolean>({
      items: [0, 1, 2][Symbol.iterator](),
      window: 2,
      check: () => new Promise((resolve) => resolvers.push(resolve)),
      apply: () => {
        throw new Error("apply failed");
      },
      signal: new AbortController().signal,
      onError: (err) => errors.push(err),
    }).then(() => {
      finished = true;
    });
    resolvers[0]?.(true);
    await flushMicrotasks();
    expect(errors).toHaveLength(1);
    expect(finished).toBe(false);
    expect(resolvers).toHaveLength(2); // nothing started after the throw
    resolvers[1]?.(true);
    await done;
    expect(errors).toHaveLength(1);
  });

  it("resolves at once for no items", async () => {
    const checks = new HeldChecks();
    await checks.run([], 4);
    expect(checks.started).toBe(0);
  });
});
