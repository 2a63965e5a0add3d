import { describe, expect, it } from "vitest";
import { createNodeMetrics } from "../../../src/observability/metrics.js";

const counted = async (
  counter: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> },
  labels: Record<string, string> = {},
) => {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
};

describe("per-message tallies", () => {
  it("show in the counters as soon as they are read, and only once", async () => {
    const metrics = createNodeMetrics();
    const alive = metrics.tallies.traffic.received.get("alive");
    alive?.messages.add();
    alive?.messages.add();
    alive?.bytes.add(300);
    alive?.fabric.add();
    metrics.tallies.dropped("alive", "duplicate");
    expect(await counted(metrics.messagesReceived, { type: "alive" })).toBe(2);
    expect(await counted(metrics.bytesReceived, { type: "alive" })).toBe(300);
    expect(await counted(metrics.commMessagesReceived)).toBe(1);
    expect(await counted(metrics.messagesDropped, { type: "alive", reason: "duplicate" })).toBe(1);
    // Read again: nothing counted twice.
    expect(await counted(metrics.messagesReceived, { type: "alive" })).toBe(2);
    expect(await counted(metrics.messagesDropped, { type: "alive", reason: "duplicate" })).toBe(1);
  });

  it("add up with direct increments of the same counter and reach a scrape", async () => {
    const metrics = createNodeMetrics();
    metrics.messagesDropped.inc({ type: "mem_req", reason: "stale" });
    metrics.tallies.dropped("mem_req", "stale");
    metrics.tallies.traffic.sent.get("mem_res")?.messages.add();
    const text = await metrics.registry.metrics();
    expect(text).toContain('gossip_messages_dropped_total{type="mem_req",reason="stale"} 2');
    expect(text).toContain('gossip_messages_sent_total{type="mem_res"} 1');
    expect(text).toContain('gossip_messages_sent_total{type="alive"} 0');
  });
});
