import { collectDefaultMetrics, Registry } from "prom-client";

const mode = process.argv[2];
const registry = new Registry();
if (mode === "defaults") collectDefaultMetrics({ register: registry });
// per-scrape cost
const N = 300;
for (let i = 0; i < 20; i++) await registry.metrics();
const t = process.hrtime.bigint();
for (let i = 0; i < N; i++) await registry.metrics();
const perScrapeUs = Number(process.hrtime.bigint() - t) / N / 1000;
const text = await registry.metrics();
// idle CPU over 20 s
const c0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, 20000));
const c = process.cpuUsage(c0);
console.log(
  JSON.stringify({
    mode,
    perScrapeUs: perScrapeUs.toFixed(0),
    bytes: text.length,
    families: (text.match(/^# TYPE/gm) ?? []).length,
    idleCpuPct: ((c.user + c.system) / 20000 / 10).toFixed(3),
  }),
);
