// The command line of `npm run bench:startup`: the options it shares with the
// cluster benchmark (bench/cluster/options.ts) with its own defaults.
import { type ProcessBenchOptions, parsedArgs, SHARED_USAGE, sharedOptions } from "../cluster/options.js";

export const USAGE = `Usage: npm run bench:startup -- [options]

Starts one \`fabric-gossip-node start\` with no peers per run and measures its start-up (CPU and
wall time from spawn until its admin API first answers), then, after --settle, the idle node over
--window: CPU %, RSS, PSS and what /proc says at the end. Each --cli runs --repeat times, interleaved.

  --repeat R             runs per CLI (default 5)
  --settle D             wait after start-up before the window (default 30s: V8 still
                         optimises and collects start-up garbage for the first seconds)
  --timeout D            longest wait for the admin API to answer (default 60s)
${SHARED_USAGE}`;

export function parseStartupOptions(argv: readonly string[]): ProcessBenchOptions {
  const { values } = parsedArgs(argv, {});
  return sharedOptions(values, { repeat: 5, settle: "30s", timeout: "60s" });
}
