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
import { aliveMessage } from "../src/protocol/messages.js";
import { type SignedGossipMessage, signMessage } from "../src/protocol/signed-message.js";
import type {
  ChildCommand,
  ChildReport,
  MemorySample,
  PeerAddress,
  WeightFile,
} from "./connection-weight.js";

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

function reply(report: ChildReport): void {
  process.send?.(report);
}

function main(): void {
  const [role, file, count] = process.argv.slice(2);
  if ((role !== "hub" && role !== "peers") || !file) throw new Error("usage: hub|peers FILE K");
  const weight = JSON.parse(readFileSync(file, "utf8")) as WeightFile;
  const census = new ResourceCensus();
  census.start();
  const trust = mspTrustFromPem(weight.mspId, [weight.caPem], [], weight.nodeOUs);
  const validator = new IdentityValidator([trust], Date.now);
  const members = role === "hub" ? weight.peers.slice(0, 1) : weight.peers.slice(1, 1 + Number(count));
  const comms = members.map((member) => {
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
  });
  let before: MemorySample | undefined;
  let resourcesBefore: Record<string, number> = {};
  let cpuMark = process.cpuUsage();
  // Peers echo only from the CPU phase on: the hub's first messages (which dial) get no answer.
  const echoing = { on: false };

  process.on("message", (command: ChildCommand) => {
    void handle(command).catch((err: unknown) => {
      reply({ kind: "error", message: (err as Error).stack ?? String(err) });
    });
  });

  async function handle(command: ChildCommand): Promise<void> {
    switch (command.kind) {
      case "listen": {
        const addresses = await Promise.all(comms.map(({ comm }) => comm.listen()));
        if (role === "peers") for (const { comm } of comms) void echo(comm, echoing);
        memory();
        await new Promise((resolve) => setImmediate(resolve));
        if (process.env.CONNECTION_WEIGHT_SNAPSHOT)
          writeHeapSnapshot(`${process.env.CONNECTION_WEIGHT_SNAPSHOT}-${role}-before.heapsnapshot`);
        resourcesBefore = census.counts();
        before = memory();
        reply({
          kind: "listening",
          peers: addresses.map((address, i) => ({ address, pkiIdHex: pkiHex(comms[i]?.signer) })),
        });
        return;
      }
      case "connect": {
        const hub = comms[0]?.comm;
        if (!hub) throw new Error("connect is the hub's");
        const hello = greeting(comms[0]?.signer);
        for (const peer of command.peers) hub.send(hello, toRemote(peer));
        await until(
          () => hub.connectedPeers().length === command.peers.length,
          "connections",
          CONNECT_TIMEOUT_MS,
        );
        await measured();
        return;
      }
      case "settle": {
        await until(
          () => comms.every(({ comm }) => comm.connectedPeers().length === 1),
          "one connection per peer",
          CONNECT_TIMEOUT_MS,
        );
        await measured();
        return;
      }
      case "mark":
        echoing.on = true;
        cpuMark = process.cpuUsage();
        reply({ kind: "marked" });
        return;
      case "cpu": {
        const used = process.cpuUsage(cpuMark);
        reply({ kind: "cpu", micros: used.user + used.system });
        return;
      }
      case "pingpong": {
        const micros = await pingPong(command.peers, command.messages);
        reply({ kind: "cpu", micros });
        return;
      }
      case "pings": {
        const micros = await pings(comms[0]?.comm, command.peers, command.pings);
        reply({ kind: "cpu", micros });
        return;
      }
      case "stop":
        await Promise.all(comms.map(({ comm }) => comm.stop()));
        process.exit(0);
    }
  }

  async function measured(): Promise<void> {
    // Collected resources (a finished call's request, a crypto job) report their destroy after a GC.
    memory();
    await new Promise((resolve) => setImmediate(resolve));
    if (process.env.CONNECTION_WEIGHT_SNAPSHOT)
      writeHeapSnapshot(`${process.env.CONNECTION_WEIGHT_SNAPSHOT}-${role}-after.heapsnapshot`);
    const resourcesAfter = census.counts();
    census.stop();
    const after = memory();
    if (!before) throw new Error("measured before listening");
    reply({ kind: "measured", before, after, resourcesBefore, resourcesAfter });
  }

  /** One message at a time, round robin over the peers, each waiting for its echo. */
  async function pingPong(peers: PeerAddress[], messages: number): Promise<number> {
    const hub = comms[0];
    if (!hub) throw new Error("pingpong is the hub's");
    const inbox = hub.comm.messages()[Symbol.asyncIterator]();
    const hello = greeting(hub.signer);
    const remotes = peers.map(toRemote);
    const start = process.cpuUsage();
    for (let i = 0; i < messages; i++) {
      const remote = remotes[i % remotes.length];
      if (!remote) break;
      hub.comm.send(hello, remote);
      await withTimeout(inbox.next(), ECHO_TIMEOUT_MS);
    }
    const used = process.cpuUsage(start);
    return used.user + used.system;
  }
}

/** Fabric's liveness probe of a member, one at a time: each dials a new client, calls Ping, closes it. */
async function pings(hub: GrpcComm | undefined, peers: PeerAddress[], count: number): Promise<number> {
  if (!hub) throw new Error("pings are the hub's");
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const peer = peers[i % peers.length];
    if (!peer || !(await hub.ping(toRemote(peer)))) throw new Error("a ping failed");
  }
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function pkiHex(signer: SigningIdentity | undefined): string {
  if (!signer) throw new Error("no signer");
  return Buffer.from(signer.pkiId).toString("hex");
}

function toRemote(peer: PeerAddress) {
  return { endpoint: peer.address, pkiId: Buffer.from(peer.pkiIdHex, "hex") };
}

/** A steady-state alive message (no certificate attached), signed once and sent again and again. */
function greeting(signer: SigningIdentity | undefined): SignedGossipMessage {
  if (!signer) throw new Error("no signer");
  const alive = aliveMessage({
    endpoint: "127.0.0.1:7051",
    pkiId: signer.pkiId,
    time: { incNum: BigInt(Date.now()), seqNum: 1n },
  });
  return signMessage(alive, (payload) => signer.sign(payload));
}

async function echo(comm: GrpcComm, echoing: { on: boolean }): Promise<void> {
  for await (const received of comm.messages()) if (echoing.on) received.respond(received.signed);
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

main();
