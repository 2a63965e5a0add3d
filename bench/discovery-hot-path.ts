// Discovery.handleMsgFromComm on fresh alive messages from K known members: the path
// every heartbeat takes (parse, freshness check, signature and secret-envelope
// verification, alive store, membership update, forward to propagatePeerNum
// members). Runs over the in-memory comm with a manual clock that never moves,
// so no periodic task interferes. The forward's cost includes the in-memory
// network encoding the envelope once and decoding it for each recipient.
import { IdentityStore } from "../src/certstore/identity-store.js";
import { ManualClock } from "../src/clock/manual-clock.js";
import type { ReceivedMessage } from "../src/comm/comm-service.js";
import { FAST_TIMINGS } from "../src/config/gossip-config.js";
import { Discovery } from "../src/discovery/discovery.js";
import { IdentityValidator, type SigningIdentity } from "../src/identity/index.js";
import type { ValidatedIdentity } from "../src/identity/validator.js";
import { silentLogger } from "../src/observability/logger.js";
import { createNodeMetrics, type NodeMetrics } from "../src/observability/metrics.js";
import { gossip } from "../src/protocol/generated/wire.js";
import { aliveMessage } from "../src/protocol/messages.js";
import {
  encodeEnvelope,
  openEnvelope,
  signMessage,
  withInternalEndpoint,
  withoutSecret,
} from "../src/protocol/signed-message.js";
import { type InMemoryComm, InMemoryNetwork } from "../test/support/in-memory-comm.js";
import type { BenchCase, Benchmark, Result } from "./harness.js";
import { measure } from "./harness.js";
import { benchOrg, signers } from "./identities.js";

const MEMBER_COUNTS = [10, 100, 1000] as const;
/** Messages built per case (warm-up included); the timed loop never runs out of fresh ones. */
export const MESSAGES = 5_200;
export const WARMUP = 200;
const INC_NUM = 1_700_000_000_000_000_000n;

export const endpointOf = (j: number) => `member${j}:7051`;

/** A member's alive message as it arrives off the wire: signed, with its internal endpoint, re-decoded. */
export function wireAlive(signer: SigningIdentity, endpoint: string, seqNum: bigint, withIdentity: boolean) {
  const sign = (data: Uint8Array) => signer.sign(data);
  const signed = withInternalEndpoint(
    signMessage(
      aliveMessage({
        endpoint,
        pkiId: signer.pkiId,
        time: { incNum: INC_NUM, seqNum },
        identity: withIdentity ? signer.serialized : undefined,
      }),
      sign,
    ),
    endpoint,
    sign,
  );
  return openEnvelope(gossip.Envelope.decode(encodeEnvelope(signed.envelope)));
}

/** An IdentityValidator whose identities count their signature verifications. */
export class CountingValidator extends IdentityValidator {
  verifyCalls = 0;

  override validate(serialized: Uint8Array): ValidatedIdentity {
    const identity = super.validate(serialized);
    return {
      ...identity,
      verify: (data, signature) => {
        this.verifyCalls++;
        return identity.verify(data, signature);
      },
      verifyAsync: (data, signature) => {
        this.verifyCalls++;
        return identity.verifyAsync(data, signature);
      },
    };
  }
}

/** A Discovery that is never started (no periodic task runs) on the in-memory network, silent, with FAST_TIMINGS. */
export function benchDiscovery(
  self: SigningIdentity,
  validator: IdentityValidator,
  network: InMemoryNetwork,
  clock: ManualClock,
  identities = new IdentityStore({ clock }),
) {
  const comm = network.join({ endpoint: "self:7051", signer: self, validator });
  const metrics = createNodeMetrics();
  const discovery = new Discovery({
    self: { endpoint: "self:7051", internalEndpoint: "self:7051" },
    signer: self,
    comm,
    validator,
    identities,
    timings: FAST_TIMINGS,
    clock,
    logger: silentLogger(),
    metrics,
  });
  return { discovery, comm, metrics };
}

/** A Discovery (never started, clock still) that knows K members alive, each with its own in-memory comm. */
export interface DiscoveryBench {
  readonly discovery: Discovery;
  readonly members: readonly SigningIdentity[];
  readonly network: InMemoryNetwork;
  readonly metrics: NodeMetrics;
  readonly validator: CountingValidator;
  /** Member j's alive message with this seqNum as it arrives from member j. */
  received(
    j: number,
    seqNum: bigint,
    options?: { withIdentity?: boolean; secret?: boolean },
  ): ReceivedMessage;
  /** Messages dropped so far, over every reason. */
  dropped(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Sets up the Discovery with its K members: round 0 carries certificates, so every member is
 * known and alive, and every connection is opened, so no handshake happens in a timed loop.
 */
export async function discoveryWithMembers(k: number): Promise<DiscoveryBench> {
  const org = await benchOrg();
  const [self, ...members] = await signers(k + 1);
  if (!self) throw new Error("no identity");
  const clock = new ManualClock(Date.now());
  const validator = new CountingValidator([org.trust], () => clock.now());
  const network = new InMemoryNetwork();
  const { discovery, comm, metrics } = benchDiscovery(self, validator, network, clock);
  const memberComms: InMemoryComm[] = members.map((signer, j) =>
    network.join({ endpoint: endpointOf(j), signer, validator }),
  );
  const senders = members.map((signer, j) => {
    const identity = validator.validate(signer.serialized);
    return { pkiId: identity.pkiId, endpoint: endpointOf(j), identity };
  });
  const bench: DiscoveryBench = {
    discovery,
    members,
    network,
    metrics,
    validator,
    received: (j, seqNum, { withIdentity = false, secret = true } = {}) => {
      const signed = wireAlive(members[j] as SigningIdentity, endpointOf(j), seqNum, withIdentity);
      return {
        signed: secret ? signed : withoutSecret(signed),
        sender: senders[j] as ReceivedMessage["sender"],
        respond: () => {},
      };
    },
    dropped: async () => (await metrics.messagesDropped.get()).values.reduce((sum, v) => sum + v.value, 0),
    stop: async () => {
      await discovery.stop();
      await comm.stop();
      await Promise.all(memberComms.map((c) => c.stop()));
    },
  };
  try {
    for (let j = 0; j < k; j++) discovery.handleMsgFromComm(bench.received(j, 1n, { withIdentity: true }));
    const alive = discovery.members().filter((m) => m.state === "alive").length;
    if (alive !== k) throw new Error(`setup: ${alive} of ${k} members alive`);
    comm.send(
      bench.received(0, 1n).signed,
      ...members.map((s, j) => ({ endpoint: endpointOf(j), pkiId: s.pkiId })),
    );
  } catch (err) {
    await bench.stop();
    throw err;
  }
  return bench;
}

/** Steady-state heartbeats after round 1, no certificate attached, round-robin over the members. */
export function heartbeats(
  bench: DiscoveryBench,
  count: number,
  options?: { secret?: boolean },
): ReceivedMessage[] {
  const messages: ReceivedMessage[] = [];
  for (let round = 2n; messages.length < count; round++) {
    for (let j = 0; j < bench.members.length && messages.length < count; j++)
      messages.push(bench.received(j, round, options));
  }
  return messages;
}

function hotPathCase(k: number): BenchCase {
  const name = `handleMessage: fresh alive, K=${k} members`;
  return {
    name,
    async run(): Promise<Result[]> {
      const bench = await discoveryWithMembers(k);
      try {
        const messages = heartbeats(bench, MESSAGES);
        const forwardedBefore = bench.network.delivered.get("alive") ?? 0;
        let handled = 0;
        const timing = await measure(
          name,
          (i) => {
            bench.discovery.handleMsgFromComm(messages[i] as ReceivedMessage);
            handled++;
          },
          { warmupIterations: WARMUP, iterations: MESSAGES - WARMUP },
        );
        const dropped = await bench.dropped();
        if (dropped > 0)
          throw new Error(`${dropped} messages were dropped: they were not all fresh and valid`);
        const forwarded = ((bench.network.delivered.get("alive") ?? 0) - forwardedBefore) / handled;
        return [{ ...timing, note: `${forwarded.toFixed(1)} forwards per message; none dropped` }];
      } finally {
        await bench.stop();
      }
    },
  };
}

export const discoveryHotPathBenchmark: Benchmark = {
  name: "discovery",
  cases: MEMBER_COUNTS.map(hotPathCase),
};
