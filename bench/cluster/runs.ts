// The main program both process benchmarks share: identities in a fresh folder,
// the runs in interleaved order (a failed run recorded, not fatal), the report
// with its header on stdout, the JSON, and the exit code. A benchmark plugs in
// its options, its run and its report (ProcessBenchmark).
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevMaterial, generateDevMaterial } from "../../src/identity/dev-ca.js";
import { runCommand } from "../command-line.js";
import { type CliLaunch, commandLine, type LaunchCommand, launchesOf } from "./launch.js";
import type { ProcessBenchOptions } from "./options.js";
import { readLoadAverage } from "./proc.js";
import type { RunRow } from "./tables.js";

/** The MSP of every member. */
const MSP_ID = "Org1MSP";

/** A fresh folder under the system's temporary one, with `peers` identities of MSP_ID in Fabric's layout. */
async function benchWorkspace(
  prefix: string,
  peers: number,
): Promise<{ workRoot: string; material: DevMaterial }> {
  const workRoot = await mkdtemp(join(tmpdir(), prefix));
  console.error(`identities and member logs in ${workRoot}`);
  const material = await generateDevMaterial({
    outDir: join(workRoot, "crypto"),
    org: "org1.example.com",
    mspId: MSP_ID,
    peers,
  });
  return { workRoot, material };
}

/** Runs 1..R; in every other round the CLIs go in reverse order, so drift in load hits both alike. */
export function schedule<C>(clis: readonly C[], repeat: number): { cli: C; run: number }[] {
  return Array.from({ length: repeat }, (_, r) =>
    (r % 2 === 0 ? clis : [...clis].reverse()).map((cli) => ({ cli, run: r + 1 })),
  ).flat();
}

function failedRun(cli: { label: string }, run: number, err: unknown, load: readonly number[]): RunRow {
  const message = err instanceof Error ? err.message : String(err);
  return { cli: cli.label, run, loadStart: load, loadEnd: load, notes: [`failed: ${message}`] };
}

const runFailed = (records: readonly RunRow[]) =>
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
function reportHeader(
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

/** What one run is given. */
export interface RunContext {
  readonly cli: CliLaunch;
  readonly run: number;
  readonly material: DevMaterial;
  readonly mspId: string;
  /** A fresh folder for this run's member logs. */
  readonly workDir: string;
}

/** A process benchmark: its options, how it runs and reports, for runProcessBenchmark. */
export interface ProcessBenchmark<R extends RunRow> {
  /** Names its temporary folder. */
  readonly name: string;
  readonly options: ProcessBenchOptions;
  /** Identities it needs. */
  readonly peers: number;
  /** Its settings for the report header (e.g. N=10). */
  readonly settings: string;
  /** Member 0's command line. */
  command(launch: CliLaunch): LaunchCommand;
  run(context: RunContext): Promise<R>;
  /** Called after each run, e.g. to print its profile. */
  afterRun?(record: R | RunRow): Promise<void>;
  report(records: readonly (R | RunRow)[], labels: readonly string[]): string;
  summary(records: readonly (R | RunRow)[], labels: readonly string[]): unknown;
}

/** Every run of every CLI, interleaved; the report to stdout; 1 if a run failed. */
async function runProcessBenchmark<R extends RunRow>(bench: ProcessBenchmark<R>): Promise<number> {
  const { options } = bench;
  const launches = await launchesOf(options.clis, options.nodeBinary);
  const { workRoot, material } = await benchWorkspace(`fgn-bench-${bench.name}-`, bench.peers);
  const records: (R | RunRow)[] = [];
  for (const { cli, run } of schedule(launches, options.repeat)) {
    const workDir = await mkdtemp(join(workRoot, `${cli.label}-run${run}-`));
    const load = await readLoadAverage();
    console.error(`${cli.label} run ${run}: ${bench.settings} (load ${load.join(" ")})`);
    const record = await bench
      .run({ cli, run, material, mspId: MSP_ID, workDir })
      .catch((err: unknown) => failedRun(cli, run, err, load));
    records.push(record);
    for (const note of record.notes) console.error(`  ${note}`);
    await bench.afterRun?.(record);
  }
  const labels = launches.map((l) => l.label);
  const header = reportHeader(options, bench.settings, launches, (launch) => bench.command(launch));
  console.log(`\n${header}\n\n${bench.report(records, labels)}`);
  if (options.jsonFile) {
    const json = { machine: header, options, runs: records, summary: bench.summary(records, labels) };
    await writeFile(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  const failed = runFailed(records);
  if (!failed && !options.keepWorkspace) await rm(workRoot, { recursive: true, force: true });
  return failed ? 1 : 0;
}

/** Runs a benchmark from its command line: exit code 1 if a run failed, 2 with the usage on a bad command line. */
export function runBenchmark<R extends RunRow>(
  usage: string,
  benchmark: (argv: readonly string[]) => ProcessBenchmark<R> | Promise<ProcessBenchmark<R>>,
): Promise<void> {
  return runCommand(usage, async (argv) => runProcessBenchmark(await benchmark(argv)));
}
