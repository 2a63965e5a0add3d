// Topic pub/sub with TTL subscriptions: how a membership request learns that
// its response arrived. sendUntilAcked subscribes to the request's nonce, the
// response handler publishes it, and a subscription nobody answers times out.
// Publishing never blocks: each subscription buffers one item, extras drop.
import type { Clock, TimerHandle } from "../clock/clock.js";

/** Why a subscription ended without an item; stable strings for logs and metrics. */
export type PubSubFailureReason = "timed_out" | "closed";

export class PubSubError extends Error {
  override readonly name = "PubSubError";
  constructor(
    readonly reason: PubSubFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** The subscription's TTL passed before anything was published to it. */
export class SubscriptionTimeoutError extends PubSubError {
  constructor() {
    super("timed_out", "timed out");
  }
}

export interface Subscription<T> {
  readonly topic: string;
  /**
   * Resolves with the published item, rejects with SubscriptionTimeoutError once
   * the TTL (counted from subscribe) passes, or with the signal's reason on abort.
   * A subscription delivers once; it is gone from the PubSub when listen settles.
   */
  listen(signal?: AbortSignal): Promise<T>;
  /** Drops the subscription; a pending listen rejects with a "closed" PubSubError. */
  cancel(): void;
}

type Settle<T> = { resolve: (item: T) => void; reject: (err: unknown) => void };

class TopicSubscription<T> implements Subscription<T> {
  private buffered: { item: T } | undefined;
  private failure: unknown;
  private waiter: Settle<T> | undefined;
  private timer: TimerHandle | undefined;
  private done = false;

  constructor(
    readonly topic: string,
    private readonly onDone: (sub: TopicSubscription<T>) => void,
  ) {}

  arm(clock: Clock, ttlMs: number): void {
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.fail(new SubscriptionTimeoutError());
    }, ttlMs);
  }

  /** Hands the item over; false when the one-item buffer is full or the subscription is over. */
  offer(item: T): boolean {
    if (this.done || this.buffered) return false;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.finish();
      resolve(item);
      return true;
    }
    this.buffered = { item };
    return true;
  }

  listen(signal?: AbortSignal): Promise<T> {
    if (this.buffered) {
      const { item } = this.buffered;
      this.buffered = undefined;
      this.finish();
      return Promise.resolve(item);
    }
    if (this.done) {
      return Promise.reject(this.failure ?? new PubSubError("closed", "subscription already delivered"));
    }
    if (this.waiter) return Promise.reject(new PubSubError("closed", "subscription already has a listener"));
    if (signal?.aborted) {
      this.fail(signal.reason);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => this.fail(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      const detach = () => signal?.removeEventListener("abort", onAbort);
      this.waiter = {
        resolve: (item) => {
          detach();
          resolve(item);
        },
        reject: (err) => {
          detach();
          reject(err);
        },
      };
    });
  }

  cancel(): void {
    this.fail(new PubSubError("closed", "subscription cancelled"));
  }

  private fail(err: unknown): void {
    if (this.done) return;
    this.failure = err;
    const waiter = this.waiter;
    this.buffered = undefined;
    this.finish();
    waiter?.reject(err);
  }

  private finish(): void {
    this.done = true;
    this.waiter = undefined;
    this.timer?.cancel();
    this.timer = undefined;
    this.onDone(this);
  }
}

export class PubSub<T = unknown> {
  private readonly topics = new Map<string, Set<TopicSubscription<T>>>();

  constructor(private readonly clock: Clock) {}

  subscribe(topic: string, ttlMs: number): Subscription<T> {
    const sub = new TopicSubscription<T>(topic, (s) => this.remove(s));
    let subs = this.topics.get(topic);
    if (!subs) {
      subs = new Set();
      this.topics.set(topic, subs);
    }
    subs.add(sub);
    sub.arm(this.clock, ttlMs);
    return sub;
  }

  /**
   * Offers the item to every subscriber of the topic without waiting for any.
   * Returns whether anybody listened. Nobody listening is routine (a periodic sync
   * response that no request waits for), so it allocates nothing: an Error with
   * its stack trace per membership response showed up in profiles.
   */
  publish(topic: string, item: T): boolean {
    const subs = this.topics.get(topic);
    if (!subs || subs.size === 0) return false;
    for (const sub of [...subs]) sub.offer(item);
    return true;
  }

  /** Live subscriptions, over all topics. */
  size(): number {
    let n = 0;
    for (const subs of this.topics.values()) n += subs.size;
    return n;
  }

  /** Cancels every subscription (and its timer); pending listens reject with "closed". */
  close(): void {
    for (const subs of [...this.topics.values()]) for (const sub of [...subs]) sub.cancel();
    this.topics.clear();
  }

  private remove(sub: TopicSubscription<T>): void {
    const subs = this.topics.get(sub.topic);
    if (!subs) return;
    subs.delete(sub);
    if (subs.size === 0) this.topics.delete(sub.topic);
  }
}
