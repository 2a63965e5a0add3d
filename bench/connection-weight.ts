// The weight of one gossip connection: memory, native resources and CPU per message.
//   npm run bench:connections -- [--connections 0,10,30,60] [--security plain,tls,mtls] [--messages 1000]
//                                [--profile DIR]   (each child writes a CPU profile into DIR)
// For each K and transport security, two fresh processes (connection-weight-child.ts): a hub whose
// one GrpcComm dials K peers, and a process with the K peers' GrpcComms. Each reports its own RSS,
// PSS, heap, external and array-buffer memory after a forced GC, before and after the K
// connections, and its live async resources by type; the difference divided by K is one
// connection's outbound end (hub) and inbound end (peers). Then the hub sends `messages` messages,
// one at a time, round robin, each echoed back on the same stream: the CPU of both processes per
// message sent and received; then 200 pings (Fabric's probe: a new client dials, calls Ping and
// closes): the CPU of both processes per ping. Nothing else runs in these processes (no discovery,
// no admin API).
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import type { NodeOUs } from "../src/identity/index.js";
import { makeOrg } from "../test/support/identities.js";
import { runCommand, strictArgs, UsageError, wholeNumber } from "./command-line.js";

/** What the parent writes for its children: one org, and every member's key material. */
export interface WeightFile {
  readonly mspId: string;
  readonly caPem: string;
  readonly tlsCaPem: string;
  readonly nodeOUs?: NodeOUs;
  readonly tls: boolean;
  readonly mutualTls: boolean;
  /** peers[0] is the hub; the next K are its peers. */
  readonly peers: readonly {
    readonly certPem: string;
    readonly keyPem: string;
    readonly tlsCertPem: string;
    readonly tlsKeyPem: string;
  }[];
}

export interface PeerAddress {
  readonly address: string;
  readonly pkiIdHex: string;
}

export interface MemorySample {
  readonly rss: number;
  readonly pss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export type ChildCommand =
  | { kind: "listen" }
  | { kind: "connect"; peers: PeerAddress[] }
  | { kind: "settle" }
  | { kind: "mark" }
  | { kind: "cpu" }
  | { kind: "pingpong"; peers: PeerAddress[]; messages: number }
  | { kind: "pings"; peers: PeerAddress[]; pings: number }
  | { kind: "stop" };

export type ChildReport =
  | { kind: "listening"; peers: PeerAddress[] }
  | {
      kind: "measured";
      before: MemorySample;
      after: MemorySample;
      resourcesBefore: Record<string, number>;
      resourcesAfter: Record<string, number>;
    }
  | { kind: "marked" }
  | { kind: "cpu"; micros: number }
  | { kind: "error"; message: string };

type Security = "plain" | "tls" | "mtls";
type Measured = Extract<ChildReport, { kind: "measured" }>;

interface Row {
  readonly security: Security;
  readonly connections: number;
  readonly load1: number;
  readonly hub: Measured;
  readonly peers: Measured | undefined;
  /** CPU µs of the hub and of the peers' process over the whole ping-pong. */
  readonly cpu: { readonly hub: number; readonly peers: number; readonly messages: number } | undefined;
  /** CPU µs of both processes over `count` pings (Fabric's probe: a new client, a Ping call, closed). */
  readonly pingCpu: { readonly hub: number; readonly peers: number; readonly count: number } | undefined;
}

const STEP_TIMEOUT_MS = 120_000;
const PINGS = 200;
const MB = 2 ** 20;
const KB = 2 ** 10;
/** Each connection holds a descriptor at both ends: stay well inside the default limit of 1,024. */
const MAX_CONNECTIONS = 400;

class Child {
  private readonly process: ChildProcess;
  private readonly waiting: Array<(report: ChildReport) => void> = [];

  constructor(role: "hub" | "peers", file: string, connections: number, profileDir: string | undefined) {
    const script = new URL("./connection-weight-child.ts", import.meta.url).pathname;
    this.process = fork(script, [role, file, String(connections)], {
      execArgv: [
        "--expose-gc",
        "--import",
        "tsx",
        ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
      ],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.process.on("message", (report: ChildReport) => this.waiting.shift()?.(report));
    this.process.on("exit", (code) => {
      for (const waiter of this.waiting.splice(0))
        waiter({ kind: "error", message: `child exited with ${code}` });
    });
  }

  /** Sends a command and resolves with the child's answer of the expected kind. */
  ask<K extends ChildReport["kind"]>(
    command: ChildCommand,
    expected: K,
  ): Promise<Extract<ChildReport, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${expected} within ${STEP_TIMEOUT_MS} ms`)),
        STEP_TIMEOUT_MS,
      );
      this.waiting.push((report) => {
        clearTimeout(timer);
        if (report.kind === expected) resolve(report as Extract<ChildReport, { kind: K }>);
        else
          reject(
            new Error(report.kind === "error" ? report.message : `expected ${expected}, got ${report.kind}`),
          );
      });
      this.process.send(command);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.send({ kind: "stop" } satisfies ChildCommand);
    await exited;
  }
}

async function writeWeightFile(path: string, security: Security, members: number): Promise<void> {
  const org = await makeOrg("Org1MSP");
  const peers = [];
  for (let i = 0; i < members; i++) {
    const peer = await org.newPeer();
    peers.push({
      certPem: peer.certPem,
      keyPem: peer.keyPem,
      tlsCertPem: peer.tlsCertPem,
      tlsKeyPem: peer.tlsKeyPem,
    });
  }
  const file: WeightFile = {
    mspId: org.mspId,
    caPem: org.caCertPem,
    tlsCaPem: org.tlsCaCertPem,
    nodeOUs: org.trust.nodeOUs,
    tls: security !== "plain",
    mutualTls: security === "mtls",
    peers,
  };
  await writeFile(path, JSON.stringify(file));
}

interface Settings {
  readonly messages: number;
  /** Where the children write CPU profiles (node --cpu-prof), if anywhere. */
  readonly profileDir: string | undefined;
}

async function measure(
  file: string,
  security: Security,
  connections: number,
  settings: Settings,
): Promise<Row> {
  const { messages, profileDir } = settings;
  const load1 = os.loadavg()[0] ?? 0;
  const hub = new Child("hub", file, connections, profileDir);
  const peers = connections > 0 ? new Child("peers", file, connections, profileDir) : undefined;
  try {
    await hub.ask({ kind: "listen" }, "listening");
    const addresses = peers ? (await peers.ask({ kind: "listen" }, "listening")).peers : [];
    const hubMeasured = await hub.ask({ kind: "connect", peers: addresses }, "measured");
    const peersMeasured = await peers?.ask({ kind: "settle" }, "measured");
    let cpu: Row["cpu"];
    let pingCpu: Row["pingCpu"];
    if (peers) {
      await peers.ask({ kind: "mark" }, "marked");
      const hubCpu = await hub.ask({ kind: "pingpong", peers: addresses, messages }, "cpu");
      const peersCpu = await peers.ask({ kind: "cpu" }, "cpu");
      cpu = { hub: hubCpu.micros, peers: peersCpu.micros, messages };
      await peers.ask({ kind: "mark" }, "marked");
      const hubPings = await hub.ask({ kind: "pings", peers: addresses, pings: PINGS }, "cpu");
      const peersPings = await peers.ask({ kind: "cpu" }, "cpu");
      pingCpu = { hub: hubPings.micros, peers: peersPings.micros, count: PINGS };
    }
    return { security, connections, load1, hub: hubMeasured, peers: peersMeasured, cpu, pingCpu };
  } finally {
    await Promise.all([hub.stop(), peers?.stop()]);
  }
}

const perConnection = (m: Measured | undefined, key: keyof MemorySample, k: number, unit: number) =>
  m && k > 0 ? ((m.after[key] - m.before[key]) / k / unit).toFixed(unit === MB ? 2 : 0) : "–";

function resourcesPerConnection(m: Measured | undefined, k: number): string {
  if (!m || k === 0) return "–";
  const types = new Set([...Object.keys(m.resourcesAfter), ...Object.keys(m.resourcesBefore)]);
  const perType = [...types]
    .map((type) => ({ type, delta: ((m.resourcesAfter[type] ?? 0) - (m.resourcesBefore[type] ?? 0)) / k }))
    .filter(({ delta }) => delta !== 0)
    .sort((a, b) => b.delta - a.delta);
  return perType.map(({ type, delta }) => `${type} ${delta.toFixed(1)}`).join(", ") || "none";
}

function report(rows: Row[]): string[] {
  const end = (m: Measured | undefined, k: number, name: string) =>
    `${name}: RSS ${perConnection(m, "rss", k, KB)} KB, PSS ${perConnection(m, "pss", k, KB)} KB, heap ${perConnection(m, "heapUsed", k, KB)} KB, external ${perConnection(m, "external", k, KB)} KB, arrayBuffers ${perConnection(m, "arrayBuffers", k, KB)} KB`;
  const lines = [
    "| security | K | load 1 min | hub RSS before → after (MB) | per connection, outbound end (hub) | per connection, inbound end (peers' process) | native resources per connection, outbound end | native resources per connection, inbound end | CPU µs per message (hub + peers, each message sent once and received once) | CPU µs per ping (hub + peers) |",
    "| --- | --: | --: | --- | --- | --- | --- | --- | --: | --: |",
  ];
  for (const row of rows) {
    const k = row.connections;
    const cpu = row.cpu ? ((row.cpu.hub + row.cpu.peers) / (2 * row.cpu.messages)).toFixed(1) : "–";
    const ping = row.pingCpu ? ((row.pingCpu.hub + row.pingCpu.peers) / row.pingCpu.count).toFixed(0) : "–";
    lines.push(
      `| ${row.security} | ${k} | ${row.load1.toFixed(2)} | ${(row.hub.before.rss / MB).toFixed(1)} → ${(row.hub.after.rss / MB).toFixed(1)} | ${end(row.hub, k, "out")} | ${end(row.peers, k, "in")} | ${resourcesPerConnection(row.hub, k)} | ${resourcesPerConnection(row.peers, k)} | ${cpu} | ${ping} |`,
    );
  }
  return lines;
}

const USAGE = `Usage: npm run bench:connections -- [options]

What one gossip connection weighs (memory per outbound and inbound end, CPU per message and per
ping), for K connections and each transport security; see the top of bench/connection-weight.ts.

  --connections LIST     the values of K, comma separated (default 0,10,30,60; each 0 to ${MAX_CONNECTIONS})
  --security LIST        plain, tls and/or mtls, comma separated (default plain,tls)
  --messages M           messages sent one at a time per K (default 1000; 1 to 1000000)
  --profile DIR          each child writes a CPU profile into DIR`;

const SECURITIES: readonly Security[] = ["plain", "tls", "mtls"];

interface ConnectionOptions {
  readonly counts: readonly number[];
  readonly securities: readonly Security[];
  readonly messages: number;
  readonly profileDir: string | undefined;
}

function parseConnectionOptions(argv: readonly string[]): ConnectionOptions {
  const { values } = strictArgs(argv, {
    connections: { type: "string", default: "0,10,30,60" },
    security: { type: "string", default: "plain,tls" },
    messages: { type: "string", default: "1000" },
    profile: { type: "string" },
  });
  const securities = values.security.split(",").map((name) => {
    const security = SECURITIES.find((known) => known === name);
    if (!security) throw new UsageError(`--security expects ${SECURITIES.join(", ")}; got "${name}"`);
    return security;
  });
  return {
    counts: values.connections
      .split(",")
      .map((count) => wholeNumber(count, "connections", 0, MAX_CONNECTIONS)),
    securities,
    messages: wholeNumber(values.messages, "messages", 1, 1_000_000),
    profileDir: values.profile,
  };
}

async function main(argv: readonly string[]): Promise<undefined> {
  const { counts, securities, messages, profileDir } = parseConnectionOptions(argv);
  const dir = await mkdtemp(join(os.tmpdir(), "fgn-bench-connections-"));
  const rows: Row[] = [];
  try {
    for (const security of securities) {
      const file = join(dir, `${security}.json`);
      await writeWeightFile(file, security, Math.max(...counts) + 1);
      for (const connections of counts) {
        process.stderr.write(`${security} K=${connections}\n`);
        rows.push(await measure(file, security, connections, { messages, profileDir }));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, ${messages} messages per K`,
  );
  console.log(report(rows).join("\n"));
}

await runCommand(USAGE, main);
