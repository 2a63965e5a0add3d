// Discovery.handleMsgFromComm on fresh alive messages from K known members: the path
// every heartbeat takes (parse, freshness check, signature and secret-envelope
// verification, alive store, membership update, forward to propagatePeerNum
// members). Runs over the in-memory comm with a manual clock that never moves,
// so no periodic task interferes. The forward's cost includes the in-memory
// network re-encoding and decoding the envelope for each recipient.
import { IdentityStore } from "../src/certstore/identity-store.js";
import { ManualClock } from "../src/clock/manual-clock.js";
import type { ReceivedMessage } from "../src/comm/comm-service.js";
import { FAST_TIMINGS } from "../src/config/gossip-config.js";
import { Discovery } from "../src/discovery/discovery.js";
import { IdentityValidator, type SigningIdentity } from "../src/identity/index.js";
import { silentLogger } from "../src/observability/logger.js";
import { createNodeMetrics } from "../src/observability/metrics.js";
import { gossip } from "../src/protocol/generated/wire.js";
import { aliveMessage } from "../src/protocol/messages.js";
import {
  encodeEnvelope,
  openEnvelope,
  signMessage,
  withInternalEndpoint,
} from "../src/protocol/signed-message.js";
import { type InMemoryComm, InMemoryNetwork } from "../test/support/in-memory-comm.js";
import type { BenchCase, Benchmark, Result } from "./harness.js";
import { measure } from "./harness.js";
import { benchOrg, signers } from "./identities.js";

const MEMBER_COUNTS = [10, 100, 1000] as const;
/** Messages built per case (warm-up included); the timed loop never runs out of fresh ones. */
const MESSAGES = 5_200;
const WARMUP = 200;
const INC_NUM = 1_700_000_000_000_000_000n;

const endpointOf = (j: number) => `member${j}:7051`;

/** A member's alive message as it arrives off the wire: signed, with its internal endpoint, re-decoded. */
function wireAlive(signer: SigningIdentity, endpoint: string, seqNum: bigint, withIdentity: boolean) {
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

function hotPathCase(k: number): BenchCase {
  const name = `handleMessage: fresh alive, K=${k} members`;
  return {
    name,
    async run(): Promise<Result[]> {
      const org = await benchOrg();
      const [self, ...members] = await signers(k + 1);
      if (!self) throw new Error("no identity");
      const clock = new ManualClock(Date.now());
      const validator = new IdentityValidator([org.trust], () => clock.now());
      const network = new InMemoryNetwork();
      const comm = network.join({ endpoint: "self:7051", signer: self, validator });
      const memberComms: InMemoryComm[] = members.map((signer, j) =>
        network.join({ endpoint: endpointOf(j), signer, validator }),
      );
      const metrics = createNodeMetrics();
      const discovery = new Discovery({
        self: { endpoint: "self:7051", internalEndpoint: "self:7051" },
        signer: self,
        comm,
        validator,
        identities: new IdentityStore({ clock }),
        timings: FAST_TIMINGS,
        clock,
        logger: silentLogger(),
        metrics,
      });
      try {
        const senders = members.map((signer, j) => {
          const identity = validator.validate(signer.serialized);
          return { pkiId: identity.pkiId, endpoint: endpointOf(j), identity };
        });
        const received = (j: number, seqNum: bigint, withIdentity: boolean): ReceivedMessage => ({
          signed: wireAlive(members[j] as SigningIdentity, endpointOf(j), seqNum, withIdentity),
          sender: senders[j] as ReceivedMessage["sender"],
          respond: () => {},
        });

        // Round 0 carries certificates: every member becomes known and alive.
        for (let j = 0; j < k; j++) discovery.handleMsgFromComm(received(j, 1n, true));
        const alive = discovery.members().filter((m) => m.state === "alive").length;
        if (alive !== k) throw new Error(`setup: ${alive} of ${k} members alive`);
        // Open every connection now, so no handshake happens inside the timed loop.
        comm.send(
          received(0, 1n, false).signed,
          ...members.map((s, j) => ({ endpoint: endpointOf(j), pkiId: s.pkiId })),
        );

        // Later rounds: steady-state heartbeats, certificate no longer attached.
        const messages: ReceivedMessage[] = [];
        for (let round = 2n; messages.length < MESSAGES; round++) {
          for (let j = 0; j < k && messages.length < MESSAGES; j++) messages.push(received(j, round, false));
        }
        const forwardedBefore = network.delivered.get("alive") ?? 0;
        let handled = 0;
        const timing = await measure(
          name,
          (i) => {
            discovery.handleMsgFromComm(messages[i] as ReceivedMessage);
            handled++;
          },
          { warmupIterations: WARMUP, iterations: MESSAGES - WARMUP },
        );
        const dropped = (await metrics.messagesDropped.get()).values.reduce((sum, v) => sum + v.value, 0);
        if (dropped > 0)
          throw new Error(`${dropped} messages were dropped: they were not all fresh and valid`);
        const forwarded = ((network.delivered.get("alive") ?? 0) - forwardedBefore) / handled;
        return [{ ...timing, note: `${forwarded.toFixed(1)} forwards per message; none dropped` }];
      } finally {
        await discovery.stop();
        await comm.stop();
        await Promise.all(memberComms.map((c) => c.stop()));
      }
    },
  };
}

export const discoveryHotPathBenchmark: Benchmark = {
  name: "discovery",
  cases: MEMBER_COUNTS.map(hotPathCase),
};
