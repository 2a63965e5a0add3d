// `npm run bench:cluster -- --nodes N ...`: real member processes on loopback,
// measured as described in bench/RESULTS.md ("Cluster of processes"). With
// several --cli, runs are interleaved (A B, B A, A B, ...) so that both builds see
// the same machine; compare them by the ratio table, not by absolute figures.
// Progress goes to stderr, the Markdown report to stdout.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDevMaterial } from "../../src/identity/dev-ca.js";
import { type CpuProfile, profileTable, summariseProfile } from "../cpuprofile.js";
import { type Endpoints, memberCommand, type RunInput, type RunRecord, runCluster } from "./cluster-run.js";
import { type CliLaunch, commandLine, launchesOf } from "./launch.js";
import { type CliUnderTest, type ClusterBenchOptions, parseOptions, USAGE, UsageError } from "./options.js";
import { loopbackPorts } from "./ports.js";
import { readLoadAverage } from "./proc.js";
import { clusterSummary, markdownReport } from "./report.js";

const MSP_ID = "Org1MSP";
const TOP_FUNCTIONS = 15;

/** A gossip and an admin address per member, on 127.0.0.1. */
async function loopbackEndpoints(count: number): Promise<Endpoints[]> {
  const ports = await loopbackPorts(2 * count);
  return Array.from({ length: count }, (_, i) => ({
    gossip: `127.0.0.1:${ports[2 * i]}`,
    admin: `127.0.0.1:${ports[2 * i + 1]}`,
  }));
}

/** Runs 1..R; in every other round the CLIs go in reverse order, so drift in load hits both alike. */
function schedule(options: ClusterBenchOptions): { cli: CliUnderTest; run: number }[] {
  return Array.from({ length: options.repeat }, (_, r) =>
    (r % 2 === 0 ? options.clis : [...options.clis].reverse()).map((cli) => ({ cli, run: r + 1 })),
  ).flat();
}

function failedRun(cli: CliUnderTest, run: number, err: unknown, load: readonly number[]): RunRecord {
  const message = err instanceof Error ? err.message : String(err);
  return { cli: cli.label, run, loadStart: load, loadEnd: load, notes: [`failed: ${message}`] };
}

async function printProfile(record: RunRecord): Promise<void> {
  if (!record.profileFile) return;
  const profile = JSON.parse(await readFile(record.profileFile, "utf8")) as CpuProfile;
  console.log(`\nProfile of ${record.cli} run ${record.run} over the steady window: ${record.profileFile}`);
  console.log(`(again: npm run bench:profile -- ${record.profileFile})\n`);
  console.log(profileTable(summariseProfile(profile), TOP_FUNCTIONS));
}

async function main(): Promise<number> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const options = parseOptions(process.argv.slice(2));
  const launches = await launchesOf(options.clis, options.nodeBinary);
  const workRoot = await mkdtemp(join(tmpdir(), "fgn-bench-cluster-"));
  console.error(`identities and member logs in ${workRoot}`);
  const material = await generateDevMaterial({
    outDir: join(workRoot, "crypto"),
    org: "org1.example.com",
    mspId: MSP_ID,
    peers: options.nodes + 1,
  });
  const records: RunRecord[] = [];
  for (const { cli, run } of schedule(options)) {
    const workDir = await mkdtemp(join(workRoot, `${cli.label}-run${run}-`));
    const input: RunInput = {
      options,
      cli,
      launch: launches.get(cli.label) as CliLaunch,
      run,
      material,
      mspId: MSP_ID,
      endpoints: await loopbackEndpoints(options.nodes + 1),
      workDir,
    };
    const load = await readLoadAverage();
    console.error(`${cli.label} run ${run}: ${options.nodes} members (load ${load.join(" ")})`);
    const record = await runCluster(input).catch((err: unknown) => failedRun(cli, run, err, load));
    records.push(record);
    for (const note of record.notes) console.error(`  ${note}`);
    await printProfile(record);
  }
  const labels = options.clis.map((c) => c.label);
  const header = [machineLine(options), ...member0Lines(options, launches)].join("\n");
  console.log(`\n${header}\n\n${markdownReport(records, labels)}`);
  if (options.jsonFile) {
    const json = {
      machine: header,
      options,
      runs: records,
      summary: clusterSummary(records, labels),
    };
    await writeFile(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  const failed = records.some((r) => r.notes.some((n) => n.startsWith("failed")));
  if (!failed) await rm(workRoot, { recursive: true, force: true });
  return failed ? 1 : 0;
}

/** Member 0's command line per CLI, as spawned (the profiler's --import included when it is profiled). */
function member0Lines(options: ClusterBenchOptions, launches: ReadonlyMap<string, CliLaunch>): string[] {
  return [...launches].map(
    ([label, launch]) => `${label} member 0: ${commandLine(memberCommand(launch, options, 0))}`,
  );
}

function machineLine(options: ClusterBenchOptions): string {
  return [
    `${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}`,
    `N=${options.nodes}, alive ${options.aliveMs} ms, expiry ${options.expiryMs} ms, reconnect ${options.reconnectMs} ms`,
    `settle ${options.settleMs} ms, window ${options.windowMs} ms, ${options.repeat} run(s) per CLI`,
  ].join("; ");
}

try {
  process.exitCode = await main();
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
