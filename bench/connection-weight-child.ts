// One process measured by connection-weight.ts, in one of two roles:
//   hub:   one GrpcComm that dials the K peers (the outbound ends), then sends one message at a
//          time to them in turn and waits for each echo (CPU per message at a sparse rate);
//   peers: K GrpcComms, each accepting the hub's one connection (the inbound ends) and echoing
//          every message on the stream it came on.
// Each role reports its own memory before and after the K connections (after a forced GC) and the
// native resources alive (async_hooks: timers, sockets, HTTP/2 sessions), so a connection's weight
// is split into its outbound and inbound ends. The parent drives the phases over IPC.
import { createHook } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { writeHeapSnapshot } from "node:v8";
import { SystemClock } from "../src/clock/clock.js";
import { GrpcComm } from "../src/comm/grpc-comm.js";
import type { GossipTlsOptions } from "../src/comm/tls.js";
import { FABRIC_DEFAULTS } from "../src/config/gossip-config.js";
import {
  createSigningIdentity,
  IdentityValidator,
  mspTrustFromPem,
  type SigningIdentity,
} from "../src/identity/index.js";
import { silentLogger } from "../src/observability/logger.js";
import { createNodeMetrics } from "../src/observability/metrics.js";
import type {
  ChildCommand,
  ChildReport,
  MemorySample,
  PeerAddress,
  WeightFile,
} from "./connection-weight.js";
import { steadyAlive } from "./steady-alive.js";

const CONNECT_TIMEOUT_MS = 60_000;
const ECHO_TIMEOUT_MS = 10_000;
const POLL_MS = 20;

/** Live async resources by type (promises left out): what a connection adds natively. */
class ResourceCensus {
  private readonly live = new Map<number, string>();
  private readonly hook = createHook({
    init: (id, type) => {
      if (type !== "PROMISE") this.live.set(id, type);
    },
    destroy: (id) => {
      this.live.delete(id);
    },
  });

  start(): void {
    this.hook.enable();
  }

  stop(): void {
    this.hook.disable();
    this.live.clear();
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const type of this.live.values()) counts[type] = (counts[type] ?? 0) + 1;
    return counts;
  }
}

function memory(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const pssKb = /^Pss:\s+(\d+)/m.exec(readFileSync("/proc/self/smaps_rollup", "utf8"))?.[1];
  return { rss, heapUsed, external, arrayBuffers, pss: Number(pssKb ?? 0) * 1024 };
}

async function until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

type Role = "hub" | "peers";

interface Member {
  readonly comm: GrpcComm;
  readonly signer: SigningIdentity;
}

function startMember(
  weight: WeightFile,
  member: WeightFile["peers"][number],
  validator: IdentityValidator,
): Member {
  const tls: GossipTlsOptions | undefined = weight.tls
    ? {
        certPem: member.tlsCertPem,
        keyPem: member.tlsKeyPem,
        rootCertsPem: [weight.tlsCaPem],
        clientAuthRequired: weight.mutualTls,
        clientRootCertsPem: weight.mutualTls ? [weight.tlsCaPem] : [],
      }
    : undefined;
  const signer = createSigningIdentity(weight.mspId, member.certPem, member.keyPem);
  const comm = new GrpcComm({
    listenAddress: "127.0.0.1:0",
    signer,
    validator,
    timings: FABRIC_DEFAULTS,
    tls,
    clock: new SystemClock(),
    logger: silentLogger(),
    metrics: createNodeMetrics(),
  });
  return { comm, signer };
}

/** The measured process: its comms, and one handler per command of the parent. */
class MeasuredProcess {
  private readonly census = new ResourceCensus();
  private readonly members: Member[];
  private before: MemorySample | undefined;
  private resourcesBefore: Record<string, number> = {};
  private cpuMark = process.cpuUsage();
  /** Peers echo only from the CPU phase on: the hub's first messages (which dial) get no answer. */
  private echoing = false;

  constructor(
    private readonly role: Role,
    weight: WeightFile,
    connections: number,
  ) {
    this.census.start();
    const trust = mspTrustFromPem(weight.mspId, [weight.caPem], [], weight.nodeOUs);
    const validator = new IdentityValidator([trust], Date.now);
    const own = role === "hub" ? weight.peers.slice(0, 1) : weight.peers.slice(1, 1 + connections);
    this.members = own.map((member) => startMember(weight, member, validator));
  }

  async handle(command: ChildCommand): Promise<ChildReport | undefined> {
    switch (command.kind) {
      case "listen":
        return this.listen();
      case "connect":
        await this.connect(command.peers);
        return this.measured();
      case "settle":
        await until(
          () => this.members.every(({ comm }) => comm.connectedPeers().length === 1),
          "one connection per peer",
          CONNECT_TIMEOUT_MS,
        );
        return this.measured();
      case "mark":
        this.echoing = true;
        this.cpuMark = process.cpuUsage();
        return { kind: "marked" };
      case "cpu":
        return { kind: "cpu", micros: cpuSince(this.cpuMark) };
      case "pingpong":
        return { kind: "cpu", micros: await this.pingPong(command.peers, command.messages) };
      case "pings":
        return { kind: "cpu", micros: await this.pings(command.peers, command.pings) };
      case "stop":
        await Promise.all(this.members.map(({ comm }) => comm.stop()));
        process.exit(0);
    }
  }

  private async listen(): Promise<ChildReport> {
    const addresses = await Promise.all(this.members.map(({ comm }) => comm.listen()));
    if (this.role === "peers") for (const { comm } of this.members) void this.echo(comm);
    await this.settleNativeResources("before");
    this.resourcesBefore = this.census.counts();
    this.before = memory();
    return {
      kind: "listening",
      peers: addresses.map((address, i) => ({ address, pkiIdHex: pkiHex(this.members[i]?.signer) })),
    };
  }

  private async connect(peers: PeerAddress[]): Promise<void> {
    const hub = this.hub();
    const hello = steadyAlive(hub.signer, "127.0.0.1:7051");
    for (const peer of peers) hub.comm.send(hello, toRemote(peer));
    await until(() => hub.comm.connectedPeers().length === peers.length, "connections", CONNECT_TIMEOUT_MS);
  }

  private async measured(): Promise<ChildReport> {
    await this.settleNativeResources("after");
    const resourcesAfter = this.census.counts();
    this.census.stop();
    const after = memory();
    if (!this.before) throw new Error("measured before listening");
    return {
      kind: "measured",
      before: this.before,
      after,
      resourcesBefore: this.resourcesBefore,
      resourcesAfter,
    };
  }

  /** Collected resources (a finished call's request, a crypto job) report their destroy after a GC. */
  private async settleNativeResources(phase: "before" | "after"): Promise<void> {
    memory();
    await new Promise((resolve) => setImmediate(resolve));
    const prefix = process.env.CONNECTION_WEIGHT_SNAPSHOT;
    if (prefix) writeHeapSnapshot(`${prefix}-${this.role}-${phase}.heapsnapshot`);
  }

  /** One message at a time, round robin over the peers, each waiting for its echo. */
  private async pingPong(peers: PeerAddress[], messages: number): Promise<number> {
    const hub = this.hub();
    const inbox = hub.comm.messages()[Symbol.asyncIterator]();
    const hello = steadyAlive(hub.signer, "127.0.0.1:7051");
    const remotes = peers.map(toRemote);
    const start = process.cpuUsage();
    for (let i = 0; i < messages; i++) {
      const remote = remotes[i % remotes.length];
      if (!remote) break;
      hub.comm.send(hello, remote);
      await withTimeout(inbox.next(), ECHO_TIMEOUT_MS);
    }
    return cpuSince(start);
  }

  /** Fabric's liveness probe, one at a time: each dials a new client, calls Ping, closes it. */
  private async pings(peers: PeerAddress[], count: number): Promise<number> {
    const hub = this.hub();
    const start = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const peer = peers[i % peers.length];
      if (!peer || !(await hub.comm.ping(toRemote(peer)))) throw new Error("a ping failed");
    }
    return cpuSince(start);
  }

  private async echo(comm: GrpcComm): Promise<void> {
    for await (const received of comm.messages()) if (this.echoing) received.respond(received.signed);
  }

  private hub(): Member {
    const hub = this.members[0];
    if (this.role !== "hub" || !hub) throw new Error("only the hub dials");
    return hub;
  }
}

function cpuSince(mark: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(mark);
  return used.user + used.system;
}

function pkiHex(signer: SigningIdentity | undefined): string {
  if (!signer) throw new Error("no signer");
  return Buffer.from(signer.pkiId).toString("hex");
}

function toRemote(peer: PeerAddress) {
  return { endpoint: peer.address, pkiId: Buffer.from(peer.pkiIdHex, "hex") };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no echo within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function main(): void {
  const [role, file, connections] = process.argv.slice(2);
  if ((role !== "hub" && role !== "peers") || !file) throw new Error("usage: hub|peers FILE K");
  const weight = JSON.parse(readFileSync(file, "utf8")) as WeightFile;
  const measured = new MeasuredProcess(role, weight, Number(connections ?? 0));
  process.on("message", (command: ChildCommand) => {
    measured.handle(command).then(
      (report) => report && process.send?.(report),
      (err: unknown) => process.send?.({ kind: "error", message: (err as Error).stack ?? String(err) }),
    );
  });
}

main();
