// Runs every benchmark case in sequence and prints the results as Markdown.
//   npm run bench              all of them
//   npm run bench -- sign      only cases whose "benchmark/case" name contains "sign"
// Progress goes to stderr, the report to stdout, so `npm run bench > out.md` keeps only the report.
import os from "node:os";
import { aliveIngestBenchmark } from "./alive-ingest.js";
import { aliveMessageBenchmark } from "./alive-message.js";
import { clusterConvergenceBenchmark } from "./cluster-convergence.js";
import { runCommand, strictArgs, UsageError } from "./command-line.js";
import { discoveryHotPathBenchmark } from "./discovery-hot-path.js";
import { epidemicFloorBenchmark } from "./epidemic-floor.js";
import type { Benchmark, Measurement, Result, Timing } from "./harness.js";
import { formatNs, formatRate } from "./harness.js";
import { identityValidationBenchmark } from "./identity-validation.js";
import { transportFloorBenchmark } from "./transport-floor.js";
import { viewMemoryBenchmark } from "./view-memory.js";

const BENCHMARKS: readonly Benchmark[] = [
  aliveMessageBenchmark,
  identityValidationBenchmark,
  discoveryHotPathBenchmark,
  aliveIngestBenchmark,
  viewMemoryBenchmark,
  transportFloorBenchmark,
  epidemicFloorBenchmark,
  clusterConvergenceBenchmark,
];

interface Row {
  readonly benchmark: string;
  /** 1-minute load average when the case started. */
  readonly load1: number;
  readonly result: Result;
}

interface Failure {
  readonly id: string;
  readonly message: string;
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
const cell = (text: string) => text.replaceAll("|", "\\|");

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`,
    `- CPU: ${cpus[0]?.model ?? "unknown"} × ${cpus.length} (available parallelism ${os.availableParallelism()})`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
  ];
}

function timingTable(rows: Row[]): string[] {
  const timings = rows.filter((r): r is Row & { result: Timing } => r.result.kind === "timing");
  if (timings.length === 0) return [];
  return [
    "| Benchmark | Case | ops/s | mean | p50 | p99 | iterations | load (1 min) | Note |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...timings
      .map(({ benchmark, load1, result: t }) =>
        [
          benchmark,
          cell(t.name),
          formatRate(t.opsPerSec),
          formatNs(t.meanNs),
          formatNs(t.p50Ns),
          formatNs(t.p99Ns),
          formatRate(t.iterations),
          load1.toFixed(2),
          cell(t.note ?? ""),
        ].join(" | "),
      )
      .map((line) => `| ${line} |`),
  ];
}

function measurementTable(rows: Row[]): string[] {
  const measurements = rows.filter(
    (r): r is Row & { result: Measurement } => r.result.kind === "measurement",
  );
  if (measurements.length === 0) return [];
  return [
    "| Benchmark | Measurement | Result | load (1 min) | How |",
    "| --- | --- | ---: | ---: | --- |",
    ...measurements.map(
      ({ benchmark, load1, result: m }) =>
        `| ${benchmark} | ${cell(m.name)} | ${cell(m.value)} | ${load1.toFixed(2)} | ${cell(m.detail)} |`,
    ),
  ];
}

const USAGE = `Usage: npm run bench [-- FILTER]

Runs every benchmark case whose "benchmark/case" name contains FILTER (case-insensitive; all of
them without one) and prints the results as Markdown on stdout, progress on stderr. The cases:
${BENCHMARKS.flatMap((b) => b.cases.map((c) => `  ${b.name}/${c.name}`)).join("\n")}`;

async function main(argv: readonly string[]): Promise<number> {
  const { positionals } = strictArgs(argv, {}, true);
  if (positionals.length > 1) throw new UsageError("give at most one filter");
  const filter = positionals[0]?.toLowerCase();
  const selected = BENCHMARKS.flatMap((b) =>
    b.cases
      .filter((c) => !filter || `${b.name}/${c.name}`.toLowerCase().includes(filter))
      .map((c) => ({ benchmark: b.name, benchCase: c })),
  );
  if (selected.length === 0) {
    console.error(`no benchmark case matches "${filter}"`);
    return 2;
  }

  const startLoad = loadavg();
  const rows: Row[] = [];
  const failures: Failure[] = [];
  for (const { benchmark, benchCase } of selected) {
    const id = `${benchmark}/${benchCase.name}`;
    const load1 = os.loadavg()[0] ?? 0;
    console.error(`running ${id} (load ${load1.toFixed(2)})`);
    try {
      for (const result of await benchCase.run()) rows.push({ benchmark, load1, result });
    } catch (err) {
      failures.push({ id, message: err instanceof Error ? err.message : String(err) });
      console.error(`  failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  const sections = [
    [
      "# Benchmark results",
      "",
      ...machine(),
      `- load average (1, 5, 15 min): ${startLoad} at start, ${loadavg()} at end`,
      ...(filter ? [`- filter: "${filter}"`] : []),
    ],
    timingTable(rows),
    measurementTable(rows),
    failures.length > 0 ? ["## Failures", "", ...failures.map((f) => `- ${f.id}: ${cell(f.message)}`)] : [],
  ];
  console.log(
    sections
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join("\n"))
      .join("\n\n"),
  );
  return failures.length > 0 ? 1 : 0;
}

await runCommand(USAGE, main);
