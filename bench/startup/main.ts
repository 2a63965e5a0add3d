// `npm run bench:startup -- --cli NAME=PATH ...`: the cost of starting one node
// and of keeping it idle with no peers, per CLI, runs interleaved (A B, B A, ...)
// so that every CLI sees the same machine; compare them by the ratio table.
// Progress goes to stderr, the Markdown report to stdout.
import { startCommand } from "../cluster/launch.js";
import { loopbackEndpoints } from "../cluster/ports.js";
import { type ProcessBenchmark, runBenchmark } from "../cluster/runs.js";
import { parseStartupOptions, USAGE } from "./options.js";
import { startupReport, startupSummary } from "./report.js";
import { runStartup, type StartupRecord } from "./startup-run.js";

function startupBenchmark(argv: readonly string[]): ProcessBenchmark<StartupRecord> {
  const options = parseStartupOptions(argv);
  return {
    name: "startup",
    options,
    peers: 1,
    settings: "one node, no peers",
    command: (launch) => startCommand(launch),
    async run(context) {
      const [endpoints] = await loopbackEndpoints(1);
      if (!endpoints) throw new Error("no loopback ports");
      return runStartup({ ...context, options, endpoints });
    },
    report: startupReport,
    summary: startupSummary,
  };
}

await runBenchmark(USAGE, startupBenchmark);
