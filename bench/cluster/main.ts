// `npm run bench:cluster -- --nodes N ...`: real member processes on loopback,
// measured as described in bench/RESULTS.md ("Cluster of processes"). With
// several --cli, runs are interleaved (A B, B A, A B, ...) so that both builds see
// the same machine; compare them by the ratio table, not by absolute figures.
// Progress goes to stderr, the Markdown report to stdout.
import { readFile } from "node:fs/promises";
import { UsageError } from "../command-line.js";
import { type CpuProfile, profileTable, summariseProfile } from "../cpuprofile.js";
import { withOriginalSources } from "../source-maps.js";
import { memberCommand, type RunRecord, runCluster } from "./cluster-run.js";
import { openFilesNeeded, parseOptions, USAGE } from "./options.js";
import { loopbackEndpoints } from "./ports.js";
import { readOpenFilesLimit } from "./proc.js";
import { clusterSummary, markdownReport } from "./report.js";
import { type ProcessBenchmark, runBenchmark } from "./runs.js";

const TOP_FUNCTIONS = 15;

async function printProfile(record: RunRecord): Promise<void> {
  if (!record.profileFile) return;
  const profile = JSON.parse(await readFile(record.profileFile, "utf8")) as CpuProfile;
  console.log(`\nProfile of ${record.cli} run ${record.run} over the steady window: ${record.profileFile}`);
  console.log(`(again: npm run bench:profile -- ${record.profileFile})\n`);
  console.log(profileTable(summariseProfile(withOriginalSources(profile)), TOP_FUNCTIONS));
}

/** Members inherit the benchmark's open-files limit; with too low a one, connections fail in ways that look like bugs. */
async function checkOpenFilesLimit(nodes: number): Promise<void> {
  const limit = await readOpenFilesLimit();
  const needed = openFilesNeeded(nodes);
  if (limit !== undefined && limit < needed)
    throw new UsageError(
      `${nodes} members need about ${needed} open files, and ulimit -n is ${limit}: raise it`,
    );
}

async function clusterBenchmark(argv: readonly string[]): Promise<ProcessBenchmark<RunRecord>> {
  const options = parseOptions(argv);
  await checkOpenFilesLimit(options.nodes);
  return {
    name: "cluster",
    options,
    // Members 0..N-1 and the late joiner.
    peers: options.nodes + 1,
    settings: `N=${options.nodes}`,
    command: (launch) => memberCommand(launch, options, 0),
    async run(context) {
      const endpoints = await loopbackEndpoints(options.nodes + 1);
      return runCluster({ ...context, options, endpoints });
    },
    afterRun: printProfile,
    report: markdownReport,
    summary: clusterSummary,
  };
}

await runBenchmark(USAGE, clusterBenchmark);
