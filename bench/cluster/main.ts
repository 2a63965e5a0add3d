// `npm run bench:cluster -- --nodes N ...`: real member processes on loopback,
// measured as described in bench/RESULTS.md ("Cluster of processes"). With
// several --cli, runs are interleaved (A B, B A, A B, ...) so that both builds see
// the same machine; compare them by the ratio table, not by absolute figures.
// Progress goes to stderr, the Markdown report to stdout.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDevMaterial } from "../../src/identity/dev-ca.js";
import { type CpuProfile, profileTable, summariseProfile } from "../cpuprofile.js";
import { memberCommand, type RunInput, type RunRecord, runCluster } from "./cluster-run.js";
import { launchesOf } from "./launch.js";
import { parseOptions, USAGE } from "./options.js";
import { loopbackEndpoints } from "./ports.js";
import { readLoadAverage } from "./proc.js";
import { clusterSummary, markdownReport } from "./report.js";
import { failedRun, reportHeader, runBenchmark, runFailed, schedule } from "./runs.js";

const MSP_ID = "Org1MSP";
const TOP_FUNCTIONS = 15;

async function printProfile(record: RunRecord): Promise<void> {
  if (!record.profileFile) return;
  const profile = JSON.parse(await readFile(record.profileFile, "utf8")) as CpuProfile;
  console.log(`\nProfile of ${record.cli} run ${record.run} over the steady window: ${record.profileFile}`);
  console.log(`(again: npm run bench:profile -- ${record.profileFile})\n`);
  console.log(profileTable(summariseProfile(profile), TOP_FUNCTIONS));
}

async function main(): Promise<number> {
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
  for (const { cli, run } of schedule(launches, options.repeat)) {
    const workDir = await mkdtemp(join(workRoot, `${cli.label}-run${run}-`));
    const input: RunInput = {
      options,
      cli,
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
  const header = reportHeader(options, `N=${options.nodes}`, launches, (launch) =>
    memberCommand(launch, options, 0),
  );
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
  const failed = runFailed(records);
  if (!failed) await rm(workRoot, { recursive: true, force: true });
  return failed ? 1 : 0;
}

await runBenchmark(USAGE, main);
