// The transport's floor: CPU per gossip message sent one at a time over
// loopback, from the raw socket up to GrpcComm. Messages go strictly one after
// another (the next leaves once the previous arrived), as in a cluster where a
// member sends ~90 alive messages a second: no batching amortises the write,
// the wake-up or the HTTP/2 frame. Sender and receiver share this process, so a
// figure is the cost of one message sent plus its receipt.
//
// The layers, each adding to the one before:
// - tcp: a length-prefixed frame on a TCP socket (not gossip's wire: the floor of sockets and the event loop);
// - http2: gRPC's framing on a node:http2 stream (the same bytes on the wire as gRPC);
// - grpc-js: a bidirectional gRPC stream of @grpc/grpc-js, the library comm uses;
// - comm: GrpcComm end to end (handshaked connection, bounded queues, envelope decoding, metrics).
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { GOSSIP_STREAM_PATH, gossipServiceDefinition } from "../src/comm/grpc-service.js";
import { pkiIdHex } from "../src/identity/pki-id.js";
import { encodeEnvelope, type SignedGossipMessage } from "../src/protocol/signed-message.js";
import { startComm } from "../test/support/comm-fixture.js";
import { validatorFor } from "../test/support/identities.js";
import type { BenchCase, Benchmark, Measurement, Result } from "./harness.js";
import { formatNs, median } from "./harness.js";
import { benchOrg } from "./identities.js";
import { steadyAlive } from "./steady-alive.js";

/** Interleaved rounds per layer; each round is a fresh connection. */
const ROUNDS = 5;
const WARMUP_MESSAGES = 300;
/** A round that has not finished by then is abandoned (every loop is bounded in time as in count). */
const ROUND_BUDGET_MS = 20_000;
const GRPC_FRAME_HEADER_BYTES = 5;

/** A one-way link: send() puts the message on the wire; the receiver calls back once per message. */
interface Link {
  send(): void;
  close(): Promise<void>;
}

interface Layer {
  readonly name: string;
  open(payload: Buffer, onReceive: () => void): Promise<Link>;
}

/** gRPC's length-prefixed message: a compression flag, a 4-byte big-endian length, the bytes. */
export function grpcFrame(payload: Buffer): Buffer {
  const frame = Buffer.alloc(GRPC_FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 1);
  payload.copy(frame, GRPC_FRAME_HEADER_BYTES);
  return frame;
}

/** Calls onFrame per complete length-prefixed frame in a byte stream, whatever its chunking. */
export function frameReader(onFrame: () => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= GRPC_FRAME_HEADER_BYTES) {
      const end = GRPC_FRAME_HEADER_BYTES + pending.readUInt32BE(1);
      if (pending.length < end) return;
      onFrame();
      pending = pending.subarray(end);
    }
  };
}

const listening = (server: net.Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

const closed = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

const tcpLayer: Layer = {
  name: "tcp",
  async open(payload, onReceive) {
    const frame = grpcFrame(payload);
    const server = net.createServer((socket) => socket.on("data", frameReader(onReceive)));
    const port = await listening(server);
    const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
    await new Promise((resolve) => socket.once("connect", resolve));
    return {
      send: () => socket.write(frame),
      close: async () => {
        socket.destroy();
        await closed(server);
      },
    };
  },
};

const http2Layer: Layer = {
  name: "http2",
  async open(payload, onReceive) {
    const frame = grpcFrame(payload);
    const server = http2.createServer();
    server.on("stream", (stream) => {
      stream.respond({ ":status": 200, "content-type": "application/grpc" });
      stream.on("data", frameReader(onReceive));
    });
    const port = await listening(server);
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const request = session.request({
      ":method": "POST",
      ":path": GOSSIP_STREAM_PATH,
      "content-type": "application/grpc",
      te: "trailers",
    });
    return {
      send: () => request.write(frame),
      close: async () => {
        request.close();
        session.destroy();
        await closed(server as unknown as net.Server);
      },
    };
  },
};

const passThrough = (bytes: Buffer): Buffer => bytes;
const GRPC_OPTIONS = {
  "grpc.enable_channelz": 0,
  "grpc.enable_retries": 0,
  "grpc.use_local_subchannel_pool": 1,
};

const grpcJsLayer: Layer = {
  name: "grpc-js",
  async open(payload, onReceive) {
    const server = new grpc.Server(GRPC_OPTIONS);
    server.addService(gossipServiceDefinition, {
      GossipStream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) =>
        call.on("data", onReceive).on("error", () => {}),
      Ping: (_call: unknown, done: grpc.sendUnaryData<Buffer>) => done(null, Buffer.alloc(0)),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), GRPC_OPTIONS);
    const call = client.makeBidiStreamRequest(GOSSIP_STREAM_PATH, passThrough, passThrough);
    return {
      send: () => call.write(payload),
      close: async () => {
        // The cancellation is the close itself, not a failure.
        call.on("error", () => {});
        call.cancel();
        client.close();
        server.forceShutdown();
      },
    };
  },
};

/** GrpcComm end to end: a plaintext connection between two comms of one org, handshaked on the first send. */
function commLayer(message: SignedGossipMessage): Layer {
  return {
    name: "comm",
    async open(_payload, onReceive) {
      const org = await benchOrg();
      const validator = validatorFor(org);
      const [sender, receiver] = await Promise.all([
        startComm(await org.newPeer(), validator),
        startComm(await org.newPeer(), validator),
      ]);
      const consumed = (async () => {
        for await (const _ of receiver.comm.messages()) onReceive();
      })();
      const { pkiId } = receiver.peer.signingIdentity;
      // With its hex, as discovery addresses a member from its record: no conversion per send.
      const target = { endpoint: receiver.address, pkiId, hex: pkiIdHex(pkiId) };
      return {
        send: () => sender.comm.send(message, target),
        close: async () => {
          await Promise.all([sender.comm.stop(), receiver.comm.stop()]);
          await consumed;
        },
      };
    },
  };
}

interface Round {
  readonly cpuUsPerMessage: number;
  /** The event loop's thread alone: without V8's background compilation and GC (NaN where unknown). */
  readonly mainThreadUsPerMessage: number;
  readonly wallUsPerMessage: number;
}

/** CPU time of this process's main thread in µs (Linux: its schedstat), NaN elsewhere. */
function mainThreadCpuUs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1_000;
  } catch {
    return Number.NaN;
  }
}

/**
 * How messages follow one another. Back to back, the event loop never sleeps: the cost of the
 * layers alone. Paced, the process sleeps between messages, as a cluster member does between
 * its ~90 messages a second, and every message pays a wake-up on top.
 */
interface Pacing {
  readonly name: string;
  readonly gapMs: number;
  readonly messages: number;
}

const PACINGS: readonly Pacing[] = [
  { name: "back to back", gapMs: 0, messages: 2_000 },
  { name: "paced 2 ms apart", gapMs: 2, messages: 500 },
];

/**
 * No transport: the receipt is a microtask. Paced, it is the price of the timer's wake-up
 * alone, to subtract from the others.
 */
const wakeUpOnlyLayer: Layer = {
  name: "no transport",
  async open(_payload, onReceive) {
    return { send: () => queueMicrotask(onReceive), close: async () => {} };
  },
};

class RoundTimeout extends Error {
  override readonly name = "RoundTimeout";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` messages one after another, each once the previous one arrived (and the gap passed). */
async function sendSequentially(
  link: Link,
  arrivals: { next(): Promise<void> },
  count: number,
  gapMs: number,
  deadline: number,
) {
  for (let i = 0; i < count; i++) {
    if (performance.now() > deadline) throw new RoundTimeout(`round over its ${ROUND_BUDGET_MS} ms budget`);
    if (gapMs > 0) await sleep(gapMs);
    const arrived = arrivals.next();
    link.send();
    await arrived;
  }
}

/** One arrival at a time: next() resolves on the following receipt. */
function arrivalSignal(): { next(): Promise<void>; arrived(): void } {
  let resolve: (() => void) | undefined;
  return {
    next: () => new Promise<void>((r) => (resolve = r)),
    arrived: () => resolve?.(),
  };
}

async function runRound(layer: Layer, pacing: Pacing, payload: Buffer): Promise<Round> {
  const arrivals = arrivalSignal();
  const link = await layer.open(payload, () => arrivals.arrived());
  try {
    const deadline = performance.now() + ROUND_BUDGET_MS;
    await sendSequentially(link, arrivals, WARMUP_MESSAGES, 0, deadline);
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuUs();
    const wallBefore = performance.now();
    await sendSequentially(link, arrivals, pacing.messages, pacing.gapMs, deadline);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      cpuUsPerMessage: (cpu.user + cpu.system) / pacing.messages,
      mainThreadUsPerMessage: (mainThreadCpuUs() - mainBefore) / pacing.messages,
      wallUsPerMessage: ((performance.now() - wallBefore) * 1_000) / pacing.messages - pacing.gapMs * 1_000,
    };
  } finally {
    await link.close();
  }
}

async function aliveToSend(): Promise<SignedGossipMessage> {
  const org = await benchOrg();
  return steadyAlive((await org.newPeer()).signingIdentity, "peer0.org1.example.com:7051");
}

const us = (micros: number) => formatNs(micros * 1_000);

/** Every layer's rounds under one pacing, interleaved: rotated each round, so none always runs first. */
async function measurePacing(layers: readonly Layer[], pacing: Pacing, payload: Buffer) {
  const rounds = new Map<string, Round[]>(layers.map((l) => [l.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[(r + i) % layers.length] as Layer;
      rounds.get(layer.name)?.push(await runRound(layer, pacing, payload));
    }
  }
  return rounds;
}

function pacingResults(rounds: Map<string, Round[]>, pacing: Pacing, bytes: number): Measurement[] {
  const cpuOf = (name: string) => (rounds.get(name) ?? []).map((x) => x.cpuUsPerMessage);
  const http2Median = median(cpuOf(http2Layer.name));
  return [...rounds].map(([name, layerRounds]) => {
    const cpu = cpuOf(name);
    return {
      kind: "measurement",
      name: `${pacing.name}, ${name}: CPU per ${bytes}-byte alive sent and received`,
      value: us(median(cpu)),
      detail:
        `median of ${ROUNDS} rounds × ${pacing.messages} messages; min ${us(Math.min(...cpu))}, ` +
        `max ${us(Math.max(...cpu))}; ${(median(cpu) / http2Median).toFixed(2)}× node:http2; ` +
        `main thread ${us(median(layerRounds.map((x) => x.mainThreadUsPerMessage)))}; ` +
        `wall ${us(median(layerRounds.map((x) => x.wallUsPerMessage)))} per message`,
    };
  });
}

async function transportFloor(): Promise<Result[]> {
  const message = await aliveToSend();
  const payload = Buffer.from(encodeEnvelope(message.envelope));
  const transports = [tcpLayer, http2Layer, grpcJsLayer, commLayer(message)];
  const results: Result[] = [];
  for (const pacing of PACINGS) {
    const layers = pacing.gapMs > 0 ? [wakeUpOnlyLayer, ...transports] : transports;
    results.push(...pacingResults(await measurePacing(layers, pacing, payload), pacing, payload.length));
  }
  return results;
}

const floorCase: BenchCase = { name: "one message at a time over loopback", run: transportFloor };

export const transportFloorBenchmark: Benchmark = { name: "transport-floor", cases: [floorCase] };
