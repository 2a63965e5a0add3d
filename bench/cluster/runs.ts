// What the two process benchmarks' main programs share: the interleaved order of
// runs, a failed run's record, the report header, and the exit codes.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { type CliLaunch, commandLine, type LaunchCommand } from "./launch.js";
import { type ProcessBenchOptions, UsageError } from "./options.js";
import type { RunRow } from "./tables.js";

/** Runs 1..R; in every other round the CLIs go in reverse order, so drift in load hits both alike. */
export function schedule<C>(clis: readonly C[], repeat: number): { cli: C; run: number }[] {
  return Array.from({ length: repeat }, (_, r) =>
    (r % 2 === 0 ? clis : [...clis].reverse()).map((cli) => ({ cli, run: r + 1 })),
  ).flat();
}

export function failedRun(
  cli: { label: string },
  run: number,
  err: unknown,
  load: readonly number[],
): RunRow {
  const message = err instanceof Error ? err.message : String(err);
  return { cli: cli.label, run, loadStart: load, loadEnd: load, notes: [`failed: ${message}`] };
}

export const runFailed = (records: readonly RunRow[]) =>
  records.some((r) => r.notes.some((n) => n.startsWith("failed")));

/** `node --version` of the binary the members run on. */
function nodeVersion(nodeBinary: string): string {
  if (nodeBinary === process.execPath) return process.version;
  return execFileSync(nodeBinary, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
}

/**
 * The report's header: when, on what, with which settings (`settings`, the benchmark's own), and
 * per CLI the command line of its member 0 (`command` gives it).
 */
export function reportHeader(
  options: ProcessBenchOptions,
  settings: string,
  launches: readonly CliLaunch[],
  command: (launch: CliLaunch) => LaunchCommand,
): string {
  const cpus = os.cpus();
  const machine = [
    `${new Date().toISOString()}, benchmark on node ${process.version}, members on node ${nodeVersion(options.nodeBinary)}`,
    `${cpus.length} × ${cpus[0]?.model ?? "CPU"}`,
    `${settings}, alive ${options.aliveMs} ms, expiry ${options.expiryMs} ms, reconnect ${options.reconnectMs} ms`,
    `settle ${options.settleMs} ms, window ${options.windowMs} ms, ${options.repeat} run(s) per CLI`,
  ].join("; ");
  const lines = launches.map((launch) => `${launch.label} member 0: ${commandLine(command(launch))}`);
  return [machine, ...lines].join("\n");
}

/** Runs a benchmark's main: its exit code, or 2 with the usage on a bad command line. */
export async function runBenchmark(usage: string, main: () => Promise<number>): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(usage);
    return;
  }
  try {
    process.exitCode = await main();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    process.exitCode = 2;
  }
}
