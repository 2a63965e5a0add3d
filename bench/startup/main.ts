// `npm run bench:startup -- --cli NAME=PATH ...`: the cost of starting one node
// and of keeping it idle with no peers, per CLI, runs interleaved (A B, B A, ...)
// so that every CLI sees the same machine; compare them by the ratio table.
// Progress goes to stderr, the Markdown report to stdout.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDevMaterial } from "../../src/identity/dev-ca.js";
import { launchesOf, startCommand } from "../cluster/launch.js";
import { loopbackEndpoints } from "../cluster/ports.js";
import { readLoadAverage } from "../cluster/proc.js";
import { failedRun, reportHeader, runBenchmark, runFailed, schedule } from "../cluster/runs.js";
import { parseStartupOptions, USAGE } from "./options.js";
import { startupReport, startupSummary } from "./report.js";
import { runStartup, type StartupRecord } from "./startup-run.js";

const MSP_ID = "Org1MSP";

async function main(): Promise<number> {
  const options = parseStartupOptions(process.argv.slice(2));
  const launches = await launchesOf(options.clis, options.nodeBinary);
  const workRoot = await mkdtemp(join(tmpdir(), "fgn-bench-startup-"));
  console.error(`identity and member logs in ${workRoot}`);
  const material = await generateDevMaterial({
    outDir: join(workRoot, "crypto"),
    org: "org1.example.com",
    mspId: MSP_ID,
    peers: 1,
  });
  const records: StartupRecord[] = [];
  for (const { cli, run } of schedule(launches, options.repeat)) {
    const [endpoints] = await loopbackEndpoints(1);
    if (!endpoints) throw new Error("no loopback ports");
    const workDir = await mkdtemp(join(workRoot, `${cli.label}-run${run}-`));
    const load = await readLoadAverage();
    console.error(`${cli.label} run ${run} (load ${load.join(" ")})`);
    const input = { options, cli, run, material, mspId: MSP_ID, endpoints, workDir };
    const record = await runStartup(input).catch((err: unknown) => failedRun(cli, run, err, load));
    records.push(record);
    for (const note of record.notes) console.error(`  ${note}`);
  }
  const labels = launches.map((l) => l.label);
  const header = reportHeader(options, "one node, no peers", launches, (launch) => startCommand(launch));
  console.log(`\n${header}\n\n${startupReport(records, labels)}`);
  if (options.jsonFile) {
    const json = { machine: header, options, runs: records, summary: startupSummary(records, labels) };
    await writeFile(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  const failed = runFailed(records);
  if (!failed) await rm(workRoot, { recursive: true, force: true });
  return failed ? 1 : 0;
}

await runBenchmark(USAGE, main);
