// Asynchronous checks over a stream of items, a bounded window of them at once, each
// item applied with its result in the stream's order. The membership exchange runs a
// membership response's signature checks this way, on libuv's threadpool, so a joiner's
// 2,000 checks use every core while its view learns the members in the order listed.

export interface InOrderChecks<T, R> {
  /** Items are read one at a time, only when the window has room: a lazy stream stays lazy. */
  readonly items: Iterator<T>;
  /** At most this many items checked and not yet applied (their checks in flight or done). */
  readonly window: number;
  /** Must not throw; a rejected check is reported to onError and its item never applied. */
  check(item: T): Promise<R>;
  /** Called in the items' order, each once its check and every earlier one's are done. */
  apply(item: T, result: R): void;
  /** Once aborted, nothing more is read, checked or applied. */
  readonly signal: AbortSignal;
  /** A rejected check, or a throw from reading or applying (which ends the run like an abort). */
  onError(err: unknown): void;
}

interface Slot<T, R> {
  readonly item: T;
  state: "checking" | "checked" | "failed";
  result?: R;
}

/**
 * Runs the checks; resolves once every item was applied or, after an abort or a throw,
 * once the checks in flight have settled, so nothing is left running (their results are
 * discarded). Never rejects.
 */
export function runChecksInOrder<T, R>(run: InOrderChecks<T, R>): Promise<void> {
  return new Promise((resolve) => {
    const window: Slot<T, R>[] = [];
    let inFlight = 0;
    let exhausted = false;
    let broken = false;
    const settle = (slot: Slot<T, R>, state: Slot<T, R>["state"], result?: R): void => {
      slot.state = state;
      slot.result = result;
      inFlight--;
      pump();
    };
    const start = (item: T): void => {
      const slot: Slot<T, R> = { item, state: "checking" };
      window.push(slot);
      inFlight++;
      run.check(item).then(
        (result) => settle(slot, "checked", result),
        (err) => {
          run.onError(err);
          settle(slot, "failed");
        },
      );
    };
    const advance = (): void => {
      for (let head = window[0]; head && head.state !== "checking" && !run.signal.aborted; head = window[0]) {
        window.shift();
        if (head.state === "checked") run.apply(head.item, head.result as R);
      }
      while (!exhausted && window.length < run.window && !run.signal.aborted) {
        const next = run.items.next();
        if (next.done) exhausted = true;
        else start(next.value);
      }
    };
    const pump = (): void => {
      if (!broken) {
        try {
          advance();
        } catch (err) {
          broken = true;
          run.onError(err);
        }
      }
      const finished = exhausted && window.length === 0;
      if (inFlight === 0 && (finished || broken || run.signal.aborted)) resolve();
    };
    pump();
  });
}
