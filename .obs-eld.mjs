import { monitorEventLoopDelay } from "node:perf_hooks";

const res = Number(process.argv[2]);
if (res > 0) monitorEventLoopDelay({ resolution: res }).enable();
setInterval(() => {}, 1000);
const c0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, 30000));
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ res, idleCpuPct: ((c.user + c.system) / 30000 / 10).toFixed(3) }));
process.exit(0);
