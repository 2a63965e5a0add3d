// The process metrics the dashboard shows, under prom-client's default names, at a
// fraction of collectDefaultMetrics' cost: that set reads /proc files and heap-space
// statistics on every scrape (about 1 ms) and samples the event loop every 10 ms, which
// alone costs an idle node about 0.3 % of a core. Here a scrape reads the process's CPU
// time and memory once each, and the event loop's delay is how late the node's periodic
// tasks ran (TimerLateness): no timer of its own, no wake-up between scrapes.
import type { Registry } from "prom-client";
import type { TimerLateness } from "../clock/timer-lateness.js";
import { Counter, Gauge } from "./prom-client.js";

const MS_PER_SECOND = 1e3;

/** Registers the process metrics on `registry`; the event loop's delay is read from `lateness`. */
export function collectProcessMetrics(registry: Registry, lateness: TimerLateness): void {
  const registers = [registry];
  let cpuSeconds = 0;
  new Counter({
    name: "process_cpu_seconds_total",
    help: "User and system CPU time spent, in seconds.",
    registers,
    collect() {
      const { user, system } = process.cpuUsage();
      const now = (user + system) / 1e6;
      this.inc(Math.max(0, now - cpuSeconds));
      cpuSeconds = now;
    },
  });
  new Gauge({
    name: "process_start_time_seconds",
    help: "Start time of the process since the Unix epoch, in seconds.",
    registers,
  }).set(Math.floor(Date.now() / 1000 - process.uptime()));
  memoryGauges(registry);
  eventLoopLagGauges(registry, lateness);
}

/** One reading of the process's memory per scrape: the first gauge's collect sets all three. */
function memoryGauges(registry: Registry): void {
  const heapTotal = new Gauge({
    name: "nodejs_heap_size_total_bytes",
    help: "V8 heap size, in bytes.",
    registers: [],
  });
  const heapUsed = new Gauge({
    name: "nodejs_heap_size_used_bytes",
    help: "V8 heap in use, in bytes.",
    registers: [],
  });
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size, in bytes.",
    registers: [registry],
    collect() {
      const usage = process.memoryUsage();
      this.set(usage.rss);
      heapTotal.set(usage.heapTotal);
      heapUsed.set(usage.heapUsed);
    },
  });
  registry.registerMetric(heapTotal);
  registry.registerMetric(heapUsed);
}

/**
 * p50 and p99 of how late the node's periodic tasks ran since the previous scrape
 * (0 when none ran): the event loop's delay as a timer sees it.
 */
function eventLoopLagGauges(registry: Registry, lateness: TimerLateness): void {
  const help = (p: number) =>
    `The event loop's delay: how late the node's periodic tasks ran, ${p}th percentile since the previous scrape, in seconds.`;
  const p99 = new Gauge({ name: "nodejs_eventloop_lag_p99_seconds", help: help(99), registers: [] });
  new Gauge({
    name: "nodejs_eventloop_lag_p50_seconds",
    help: help(50),
    registers: [registry],
    collect() {
      const quantiles = lateness.take();
      this.set((quantiles?.p50Ms ?? 0) / MS_PER_SECOND);
      p99.set((quantiles?.p99Ms ?? 0) / MS_PER_SECOND);
    },
  });
  registry.registerMetric(p99);
}
