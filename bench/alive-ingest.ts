// What one node can take in: alive messages against the raw signature rate of the
// same run, duplicates (which must cost no signature check), and a joiner reading
// a 1,000-member membership response. Same setup as discovery-hot-path.ts: a
// Discovery that is never started, on the in-memory network, clock still.
import { IdentityStore } from "../src/certstore/identity-store.js";
import { ManualClock } from "../src/clock/manual-clock.js";
import type { ReceivedMessage } from "../src/comm/comm-service.js";
import type { Discovery } from "../src/discovery/discovery.js";
import { IdentityValidator } from "../src/identity/index.js";
import { pkiIdHex } from "../src/identity/pki-id.js";
import type { gossip } from "../src/protocol/generated/wire.js";
import { membershipResponse } from "../src/protocol/messages.js";
import { unsignedMessage, withSecretEnvelope } from "../src/protocol/signed-message.js";
import { InMemoryNetwork } from "../test/support/in-memory-comm.js";
import {
  benchDiscovery,
  type DiscoveryBench,
  discoveryWithMembers,
  endpointOf,
  heartbeats,
  MESSAGES,
  WARMUP,
  wireAlive,
} from "./discovery-hot-path.js";
import type { BenchCase, Benchmark, Measurement, Result, Timing } from "./harness.js";
import { formatNs, measure } from "./harness.js";
import { benchOrg, signers } from "./identities.js";

const INGEST_MEMBERS = 100;
const RESPONSE_MEMBERS = 1_000;
const RESPONSE_REPEATS = 5;

const percent = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;

/** Times handleMsgFromComm over pre-built messages; fails if any was dropped. */
async function ingest(bench: DiscoveryBench, name: string, messages: ReceivedMessage[]): Promise<Timing> {
  const droppedBefore = await bench.dropped();
  const timing = await measure(
    name,
    (i) => bench.discovery.handleMsgFromComm(messages[i] as ReceivedMessage),
    { warmupIterations: WARMUP, iterations: messages.length - WARMUP },
  );
  const dropped = (await bench.dropped()) - droppedBefore;
  if (dropped > 0) throw new Error(`${name}: ${dropped} messages were dropped`);
  return timing;
}

/**
 * The messages with each member's SecretEnvelope fixed to the first one it sent, as our nodes
 * send it (signed once); a Fabric peer signs it anew with every alive message.
 */
function withRepeatedSecrets(messages: ReceivedMessage[]): ReceivedMessage[] {
  const firstSecret = new Map<string, gossip.ISecretEnvelope>();
  return messages.map((received) => {
    const member = pkiIdHex(received.sender.pkiId);
    const secret = firstSecret.get(member) ?? received.signed.envelope.secretEnvelope;
    if (!secret) throw new Error("a same-org heartbeat without a SecretEnvelope");
    firstSecret.set(member, secret);
    return { ...received, signed: withSecretEnvelope(received.signed, secret) };
  });
}

/**
 * Raw verification rate first, then fresh alive messages with one signature (no secret
 * envelope: a member of another org, or ours after the secret is stripped) and with two
 * (message and secret envelope, as from our own org): signed anew each time, as a Fabric peer
 * does, and repeated, as our nodes do (checked once, then only the message's signature).
 * Ingest includes forwarding to 3 members.
 */
const ingestCase: BenchCase = {
  name: `alive ingest vs raw verify, K=${INGEST_MEMBERS}`,
  async run(): Promise<Result[]> {
    const bench = await discoveryWithMembers(INGEST_MEMBERS);
    try {
      const samples = heartbeats(bench, 256).map((r) => r.signed.envelope);
      const verifiers = bench.members.map((m) => bench.validator.validate(m.serialized));
      const verify = await measure("raw verify (ValidatedIdentity.verify)", (i) => {
        // Sample i is member i's message (heartbeats are round-robin), so every check succeeds.
        const envelope = samples[i % samples.length];
        const verifier = verifiers[(i % samples.length) % verifiers.length];
        return verifier?.verify(envelope?.payload as Uint8Array, envelope?.signature as Uint8Array);
      });
      const one = await ingest(
        bench,
        "alive ingest: 1 signature per message",
        heartbeats(bench, MESSAGES, { secret: false }),
      );
      const two = await ingest(
        bench,
        "alive ingest: 2 signatures per message (same org)",
        // Later rounds than the 1-signature messages above, so they are fresh too.
        heartbeats(bench, MESSAGES + MESSAGES).slice(MESSAGES),
      );
      const repeated = await ingest(
        bench,
        "alive ingest: message signature and a repeated secret envelope (our nodes)",
        withRepeatedSecrets(heartbeats(bench, 3 * MESSAGES).slice(2 * MESSAGES)),
      );
      return [
        verify,
        { ...one, note: `${percent(one.opsPerSec, verify.opsPerSec)} of the raw verify rate` },
        { ...two, note: `${percent(2 * two.opsPerSec, verify.opsPerSec)} of the raw verify rate ÷ 2` },
        { ...repeated, note: `${percent(repeated.opsPerSec, verify.opsPerSec)} of the raw verify rate` },
      ];
    } finally {
      await bench.stop();
    }
  },
};

/** Every message twice: the second copy must be dropped by the alive store with no verification. */
const duplicatesCase: BenchCase = {
  name: `duplicates dropped before any signature check, K=${INGEST_MEMBERS}`,
  async run(): Promise<Result[]> {
    const bench = await discoveryWithMembers(INGEST_MEMBERS);
    try {
      const messages = heartbeats(bench, MESSAGES);
      for (const m of messages) bench.discovery.handleMsgFromComm(m);
      const verifiedBefore = bench.validator.verifyCalls;
      const droppedBefore = await bench.dropped();
      const timing = await measure(
        "duplicate alive dropped",
        (i) => bench.discovery.handleMsgFromComm(messages[i] as ReceivedMessage),
        { warmupIterations: WARMUP, iterations: MESSAGES - WARMUP },
      );
      const verified = bench.validator.verifyCalls - verifiedBefore;
      const dropped = (await bench.dropped()) - droppedBefore;
      if (verified > 0) throw new Error(`${verified} signature checks on duplicates`);
      return [{ ...timing, note: `${dropped} dropped, ${verified} signature checks` }];
    } finally {
      await bench.stop();
    }
  },
};

/**
 * A new node's first membership response: 1,000 alive members, each with its secret envelope
 * (same org), identities already known (as after the identity pull) or attached to every entry
 * (inside publishCertPeriod, so 1,000 first-contact validations). A fresh node per repeat.
 */
const joinerCase: BenchCase = {
  name: `joiner learns a ${RESPONSE_MEMBERS}-member membership response`,
  async run(): Promise<Result[]> {
    const org = await benchOrg();
    const [self, ...members] = await signers(RESPONSE_MEMBERS + 1);
    if (!self) throw new Error("no identity");
    const response = (withIdentity: boolean): ReceivedMessage => {
      const alive = members.map((m, j) => wireAlive(m, endpointOf(j), 5n, withIdentity).envelope);
      const validator = new IdentityValidator([org.trust], () => Date.now());
      const sender = members[0];
      if (!sender) throw new Error("no identity");
      const identity = validator.validate(sender.serialized);
      return {
        signed: unsignedMessage(membershipResponse(alive, [], 77n)),
        sender: { pkiId: identity.pkiId, endpoint: endpointOf(0), identity },
        respond: () => {},
      };
    };
    const learn = async (received: ReceivedMessage, identitiesKnown: boolean): Promise<LearnCost> => {
      const clock = new ManualClock(Date.now());
      const validator = new IdentityValidator([org.trust], () => clock.now());
      const identities = new IdentityStore({ clock });
      if (identitiesKnown) for (const m of members) identities.put(validator.validate(m.serialized));
      const { discovery, comm } = benchDiscovery(self, validator, new InMemoryNetwork(), clock, identities);
      try {
        const loop = performance.eventLoopUtilization();
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        const learned = membersJoined(discovery, RESPONSE_MEMBERS);
        discovery.handleMsgFromComm(received);
        await learned;
        const wallNs = Number(process.hrtime.bigint() - start);
        const { user, system } = process.cpuUsage(cpu);
        const loopBusyMs = performance.eventLoopUtilization(loop).active;
        return { wallNs, cpuNs: (user + system) * 1_000, loopBusyNs: loopBusyMs * 1_000_000 };
      } finally {
        await discovery.stop();
        await comm.stop();
      }
    };
    const results: Measurement[] = [];
    for (const [withIdentity, label, repeats] of [
      [false, "identities known", RESPONSE_REPEATS],
      [true, "certificates attached, first contact", 2],
    ] as const) {
      const received = response(withIdentity);
      const costs: LearnCost[] = [];
      for (let r = 0; r < repeats; r++) costs.push(await learn(received, !withIdentity));
      const walls = costs.map((c) => c.wallNs);
      results.push({
        kind: "measurement",
        name: `joiner learns ${RESPONSE_MEMBERS} members (${label})`,
        value: formatNs(median(walls)),
        detail:
          `median of ${repeats} fresh nodes (${walls.map(formatNs).join(", ")}), from handleMsgFromComm of the response to the last member learned; ` +
          `CPU of every thread ${formatNs(median(costs.map((c) => c.cpuNs)))}, event loop busy ${formatNs(median(costs.map((c) => c.loopBusyNs)))} (medians); ` +
          `every entry verified (2 signatures)${withIdentity ? " and its certificate validated" : ""}`,
      });
    }
    return results;
  },
};

/**
 * What learning one response cost: wall time, CPU time of the whole process (the event loop and
 * libuv's threadpool, where the signatures are checked) and the event loop's busy time.
 */
interface LearnCost {
  readonly wallNs: number;
  readonly cpuNs: number;
  readonly loopBusyNs: number;
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** How long a joiner may take to learn a response before the case fails: far beyond any real run. */
const LEARN_TIMEOUT_MS = 60_000;

/**
 * Resolves when `count` members have joined the view: a membership response's entries are
 * learned once their signatures are checked, off the event loop. Rejects after
 * LEARN_TIMEOUT_MS, saying how many did (a dropped entry never joins).
 */
function membersJoined(discovery: Discovery, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let joined = 0;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`learned ${joined} of ${count} members within ${LEARN_TIMEOUT_MS} ms`));
    }, LEARN_TIMEOUT_MS);
    const unsubscribe = discovery.on("membership", (event) => {
      if (event.kind !== "joined" || ++joined < count) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

export const aliveIngestBenchmark: Benchmark = {
  name: "ingest",
  cases: [ingestCase, duplicatesCase, joinerCase],
};
