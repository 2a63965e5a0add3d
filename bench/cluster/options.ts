// The command line of `npm run bench:cluster`, parsed and checked into one typed
// object; the options it shares with `npm run bench:startup` (the timers, the
// CLIs, the node binary, runs, settle and window) are parsed here for both.
// Durations are written as the node's own settings are (500ms, 5s, 1m).
import { basename, dirname, resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseDuration } from "../../src/config/values.js";
import { strictArgs, UsageError, wholeNumber } from "../command-line.js";

/** The options both process benchmarks take. */
export const SHARED_USAGE = `  --alive D              CORE_PEER_GOSSIP_ALIVETIMEINTERVAL (default 1s)
  --expiry D             CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT (default 5s)
  --reconnect D          CORE_PEER_GOSSIP_RECONNECTINTERVAL (default 1s)
  --cli [NAME=]PATH      a built CLI to measure; repeatable (default current=dist/cli/main.js);
                         launched as its #! line says (#!/usr/bin/env -S node FLAGS: node FLAGS)
  --node PATH            node binary the members run on (default: the one running the benchmark)
  --window D             steady-state window (default 30s)
  --env KEY=VALUE        extra environment for every member; repeatable
  --json FILE            also write every run and the summary as JSON
  --keep                 keep the identities and member logs after the runs (kept anyway when a run fails)
`;

export const USAGE = `Usage: npm run bench:cluster -- --nodes N [options]

Starts N \`fabric-gossip-node start\` processes on 127.0.0.1 at once (member 0 is everyone's
bootstrap peer) and measures convergence, steady-state cost, false deaths (in the steady
state, and from each member's start-up), detection of a SIGKILLed member and a late joiner. Each --cli is measured --repeat times, interleaved.

  --nodes N              members (default 10)
  --repeat R             runs per CLI (default 3)
  --settle D             wait after convergence before the window (default 10s)
  --windows K            K steady windows back to back (default 1). Every figure is the
                         first window's but "last window", "last window ÷ first" and "later
                         windows", and a series of each window's CPU follows the tables.
                         V8 takes minutes to tier a member's hot path up: K = 10 shows where
                         the CPU settles
  --poll D               how often /v1/members is read while waiting (default 100ms)
  --timeout D            longest wait for convergence, detection or the late joiner
                         (default 120s, or 4s per member above 30)
${SHARED_USAGE}  --profile-member K     CPU-profile member K over the steady window (V8's profiler, as --cpu-prof)
  --profile-dir DIR      where profiles go (default /tmp/fgn-bench-profiles)
`;

export interface CliUnderTest {
  readonly label: string;
  /** Absolute path of the built main.js. */
  readonly path: string;
}

/** The options of both process benchmarks. */
export interface ProcessBenchOptions {
  readonly aliveMs: number;
  readonly expiryMs: number;
  readonly reconnectMs: number;
  readonly repeat: number;
  readonly clis: readonly CliUnderTest[];
  /** The node binary members run on. */
  readonly nodeBinary: string;
  readonly settleMs: number;
  readonly windowMs: number;
  readonly timeoutMs: number;
  readonly extraEnv: Readonly<Record<string, string>>;
  readonly jsonFile?: string;
  /** Leave the workspace (identities, member logs) in place after successful runs. */
  readonly keepWorkspace: boolean;
}

export interface ClusterBenchOptions extends ProcessBenchOptions {
  readonly nodes: number;
  readonly pollMs: number;
  /** Steady windows back to back; the first is the one every other figure describes. */
  readonly windows: number;
  readonly profileMember?: number;
  readonly profileDir: string;
}

const MAX_NODES = 200;
const MAX_REPEAT = 20;
const MAX_WINDOWS = 60;
const DEFAULT_CLI = "dist/cli/main.js";

function integer(
  text: string | undefined,
  option: string,
  min: number,
  max: number,
  fallback: number,
): number {
  return text === undefined ? fallback : wholeNumber(text, option, min, max);
}

function duration(text: string | undefined, option: string, fallback: string): number {
  try {
    return parseDuration(text ?? fallback);
  } catch (err) {
    throw new UsageError(`--${option}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** "NAME=PATH" or "PATH"; a bare path is named after the folder above its dist/. */
export function parseCli(text: string): CliUnderTest {
  const eq = text.indexOf("=");
  const path = resolve(eq > 0 ? text.slice(eq + 1) : text);
  const label = eq > 0 ? text.slice(0, eq) : basename(dirname(dirname(dirname(path))));
  return { label, path };
}

function keyValues(items: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env expects KEY=VALUE, got "${item}"`);
    env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

/** parseArgs' options of both process benchmarks. */
const SHARED_OPTIONS = {
  alive: { type: "string" },
  expiry: { type: "string" },
  reconnect: { type: "string" },
  repeat: { type: "string" },
  cli: { type: "string", multiple: true },
  node: { type: "string" },
  settle: { type: "string" },
  window: { type: "string" },
  timeout: { type: "string" },
  env: { type: "string", multiple: true },
  json: { type: "string" },
  keep: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/** parseArgs, strict, with the shared options and `more`; a bad command line is a UsageError. */
export function parsedArgs<const T extends ParseArgsConfig["options"]>(argv: readonly string[], more: T) {
  return strictArgs(argv, { ...SHARED_OPTIONS, ...more });
}

type SharedValues = ReturnType<typeof parsedArgs<Record<never, never>>>["values"];

/** The shared options' values; `defaults` are the ones that differ between the benchmarks. */
export function sharedOptions(
  values: SharedValues,
  defaults: { repeat: number; settle: string; timeout: string },
): ProcessBenchOptions {
  return {
    aliveMs: duration(values.alive, "alive", "1s"),
    expiryMs: duration(values.expiry, "expiry", "5s"),
    reconnectMs: duration(values.reconnect, "reconnect", "1s"),
    repeat: integer(values.repeat, "repeat", 1, MAX_REPEAT, defaults.repeat),
    clis: parseClis(values.cli),
    nodeBinary: values.node ? resolve(values.node) : process.execPath,
    settleMs: duration(values.settle, "settle", defaults.settle),
    windowMs: duration(values.window, "window", "30s"),
    timeoutMs: duration(values.timeout, "timeout", defaults.timeout),
    extraEnv: keyValues(values.env ?? []),
    ...(values.json === undefined ? {} : { jsonFile: resolve(values.json) }),
    keepWorkspace: values.keep === true,
  };
}

/** The --cli options (default current=dist/cli/main.js), each with its own name. */
function parseClis(texts: readonly string[] | undefined): CliUnderTest[] {
  const clis = (texts ?? [`current=${DEFAULT_CLI}`]).map(parseCli);
  if (new Set(clis.map((c) => c.label)).size !== clis.length)
    throw new UsageError("each --cli needs its own name: write --cli NAME=PATH");
  return clis;
}

/** Start-up alone takes longer the more members share the cores: 120 s, or 4 s per member above 30. */
const defaultTimeoutSeconds = (nodes: number) => Math.max(120, 4 * nodes);

/** Open files the benchmark needs for N members: per member an event stream and up to 3 polls at once, and a margin. */
export const openFilesNeeded = (nodes: number) => 4 * nodes + 64;

export function parseOptions(argv: readonly string[]): ClusterBenchOptions {
  const { values } = parsedArgs(argv, {
    nodes: { type: "string" },
    poll: { type: "string" },
    windows: { type: "string" },
    "profile-member": { type: "string" },
    "profile-dir": { type: "string" },
  });
  const nodes = integer(values.nodes, "nodes", 1, MAX_NODES, 10);
  const profile = values["profile-member"];
  return {
    ...sharedOptions(values, { repeat: 3, settle: "10s", timeout: `${defaultTimeoutSeconds(nodes)}s` }),
    nodes,
    pollMs: duration(values.poll, "poll", "100ms"),
    windows: integer(values.windows, "windows", 1, MAX_WINDOWS, 1),
    ...(profile === undefined ? {} : { profileMember: integer(profile, "profile-member", 0, nodes - 1, 0) }),
    profileDir: resolve(values["profile-dir"] ?? "/tmp/fgn-bench-profiles"),
  };
}
