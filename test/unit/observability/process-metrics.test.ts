import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { TimerLateness } from "../../../src/clock/timer-lateness.js";
import { collectProcessMetrics } from "../../../src/observability/process-metrics.js";

async function values(registry: Registry): Promise<Map<string, number>> {
  const families = await registry.getMetricsAsJSON();
  return new Map(families.map((f) => [f.name, Number(f.values[0]?.value)]));
}

describe("collectProcessMetrics", () => {
  it("exposes the dashboard's process metrics, under prom-client's default names, with live values", async () => {
    const registry = new Registry();
    collectProcessMetrics(registry, new TimerLateness());
    const first = await values(registry);
    expect([...first.keys()].sort()).toEqual([
      "nodejs_eventloop_lag_p50_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_heap_size_total_bytes",
      "nodejs_heap_size_used_bytes",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "process_start_time_seconds",
    ]);
    expect(first.get("process_resident_memory_bytes")).toBeGreaterThan(1_000_000);
    const heapUsed = first.get("nodejs_heap_size_used_bytes") ?? 0;
    expect(heapUsed).toBeGreaterThan(0);
    expect(heapUsed).toBeLessThanOrEqual(first.get("nodejs_heap_size_total_bytes") ?? 0);
    expect(first.get("process_start_time_seconds")).toBeLessThanOrEqual(Date.now() / 1000);
    for (let i = 0; i < 200_000; i++) Math.sqrt(i); // some CPU between the scrapes
    const second = await values(registry);
    expect(second.get("process_cpu_seconds_total")).toBeGreaterThan(
      first.get("process_cpu_seconds_total") ?? 0,
    );
  });

  it("reports the event loop's delay as how late the periodic tasks ran since the previous scrape", async () => {
    const registry = new Registry();
    const lateness = new TimerLateness();
    collectProcessMetrics(registry, lateness);
    for (let i = 0; i < 98; i++) lateness.record(2);
    lateness.record(40);
    lateness.record(250);
    const first = await values(registry);
    expect(first.get("nodejs_eventloop_lag_p50_seconds")).toBe(0.002);
    expect(first.get("nodejs_eventloop_lag_p99_seconds")).toBe(0.04);
    // Nothing ran since: no delay to report, rather than the previous scrape's again.
    const second = await values(registry);
    expect(second.get("nodejs_eventloop_lag_p50_seconds")).toBe(0);
    expect(second.get("nodejs_eventloop_lag_p99_seconds")).toBe(0);
  });

  it("keeps two registries apart (no global registry)", async () => {
    const [a, b] = [new Registry(), new Registry()];
    collectProcessMetrics(a, new TimerLateness());
    collectProcessMetrics(b, new TimerLateness());
    expect((await a.getMetricsAsJSON()).length).toBe(7);
    expect((await b.getMetricsAsJSON()).length).toBe(7);
  });
});
