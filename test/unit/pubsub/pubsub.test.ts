import { setMaxListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import { PubSub, type PubSubError, SubscriptionTimeoutError } from "../../../src/pubsub/pubsub.js";

describe("PubSub", () => {
  it("delivers a published item to the subscriber of its topic", async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub<number>(clock);
    const sub = pubsub.subscribe("42", 5_000);
    const heard = sub.listen();
    expect(pubsub.publish("42", 42)).toBe(true);
    await expect(heard).resolves.toBe(42);
  });

  it("delivers an item published before listen started", async () => {
    const pubsub = new PubSub<string>(new ManualClock());
    const sub = pubsub.subscribe("t", 1_000);
    pubsub.publish("t", "early");
    await expect(sub.listen()).resolves.toBe("early");
    expect(pubsub.size()).toBe(0);
  });

  it("delivers to every subscriber of the topic and to no other topic", async () => {
    const pubsub = new PubSub<number>(new ManualClock());
    const a = pubsub.subscribe("t", 1_000).listen();
    const b = pubsub.subscribe("t", 1_000).listen();
    const other = pubsub.subscribe("u", 1_000);
    pubsub.publish("t", 7);
    await expect(Promise.all([a, b])).resolves.toEqual([7, 7]);
    expect(pubsub.size()).toBe(1);
    other.cancel();
  });

  it('rejects listen with "timed out" once the TTL passes', async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub(clock);
    const heard = pubsub.subscribe("t", 5_000).listen();
    const settled = heard.catch((err: unknown) => err);
    await clock.advance(4_999);
    expect(pubsub.size()).toBe(1);
    await clock.advance(1);
    const err = await settled;
    expect(err).toBeInstanceOf(SubscriptionTimeoutError);
    expect((err as Error).message).toBe("timed out");
    expect((err as PubSubError).reason).toBe("timed_out");
    expect(pubsub.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("counts the TTL from subscribe, not from listen", async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub(clock);
    const sub = pubsub.subscribe("t", 1_000);
    await clock.advance(1_000);
    await expect(sub.listen()).rejects.toBeInstanceOf(SubscriptionTimeoutError);
  });

  it("reports whether anybody listened on the topic", () => {
    const pubsub = new PubSub(new ManualClock());
    expect(pubsub.publish("nobody", 1)).toBe(false);
    pubsub.subscribe("somebody", 1_000);
    expect(pubsub.publish("somebody", 1)).toBe(true);
  });

  it("rejects with the abort reason and cleans up when the signal aborts", async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub(clock);
    const controller = new AbortController();
    const heard = pubsub.subscribe("t", 5_000).listen(controller.signal);
    const reason = new Error("stopping");
    controller.abort(reason);
    await expect(heard).rejects.toBe(reason);
    expect(pubsub.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("rejects at once when listen gets an already aborted signal", async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub(clock);
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(pubsub.subscribe("t", 5_000).listen(controller.signal)).rejects.toThrow("gone");
    expect(pubsub.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("never blocks the publisher: a full one-item buffer drops further items", async () => {
    const pubsub = new PubSub<number>(new ManualClock());
    const sub = pubsub.subscribe("t", 1_000);
    for (let i = 0; i < 1_000; i++) expect(pubsub.publish("t", i)).toBe(true);
    await expect(sub.listen()).resolves.toBe(0);
  });

  it("close() rejects pending listens and cancels every timer", async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub(clock);
    const heard = pubsub.subscribe("t", 5_000).listen();
    pubsub.subscribe("u", 5_000);
    pubsub.close();
    await expect(heard).rejects.toMatchObject({ reason: "closed" });
    expect(pubsub.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("leaks nothing over 10k topics delivered, timed out or aborted", async () => {
    const clock = new ManualClock();
    const pubsub = new PubSub<number>(clock);
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const waits: Promise<unknown>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const sub = pubsub.subscribe(String(i), 1_000);
      const listening = sub.listen(i % 3 === 2 ? controller.signal : undefined).catch(() => undefined);
      waits.push(listening);
      if (i % 3 === 0) pubsub.publish(String(i), i);
    }
    controller.abort(new Error("stop"));
    await clock.advance(1_000);
    await Promise.all(waits);
    expect(pubsub.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});
