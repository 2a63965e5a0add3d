// Fabric's sendUntilAcked: how a joining node makes sure a bootstrap peer heard
// its membership request. It subscribes to the request's nonce, sends, and
// waits for the response that echoes the nonce; without one it sleeps
// reconnectInterval and sends again, up to maxConnectionAttempts times.
import { type Clock, sleep } from "../clock/clock.js";
import type { CommService, RemotePeer } from "../comm/comm-service.js";
import type { TraceCarrier } from "../comm/trace-context.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { toBigInt } from "../protocol/long.js";
import type { SignedGossipMessage } from "../protocol/signed-message.js";
import { type PubSub, SubscriptionTimeoutError } from "../pubsub/pubsub.js";

/** How an acked send ended, for metrics that pre-register their label values. */
export const ACKED_SEND_OUTCOMES = ["acked", "gave_up", "aborted"] as const;
export type AckedSendOutcome = (typeof ACKED_SEND_OUTCOMES)[number];

/** How one attempt ended. */
export type AttemptOutcome = "acked" | "timeout" | "aborted";

/** One attempt: the trace context for a stream its send opens, and how it ended. */
export interface AttemptObserver {
  readonly traceContext?: TraceCarrier;
  ended(outcome: AttemptOutcome): void;
}

/** What sendUntilAcked reports (spans, the connection record, metrics); see telemetry.ts. */
export interface AckedSendObserver {
  /** Attempt `attempt` is about to be sent. */
  attempt(attempt: number): AttemptObserver;
  /** An unacked attempt is followed by another one after reconnectInterval. */
  retrying(attempt: number): void;
  settled(outcome: AckedSendOutcome): void;
}

export interface AckedSendDeps {
  readonly pubsub: PubSub<bigint>;
  readonly comm: Pick<CommService, "send">;
  readonly clock: Clock;
  readonly timings: Pick<
    GossipTimings,
    "membershipAckTimeout" | "reconnectInterval" | "maxConnectionAttempts"
  >;
}

/** The topic a membership response with this nonce publishes to. */
export const ackTopic = (nonce: bigint): string => nonce.toString();

export async function sendUntilAcked(
  deps: AckedSendDeps,
  peer: RemotePeer,
  message: SignedGossipMessage,
  signal: AbortSignal,
  observer: AckedSendObserver,
): Promise<AckedSendOutcome> {
  const outcome = await attemptUntilAcked(deps, peer, message, signal, observer);
  observer.settled(outcome);
  return outcome;
}

async function attemptUntilAcked(
  deps: AckedSendDeps,
  peer: RemotePeer,
  message: SignedGossipMessage,
  signal: AbortSignal,
  observer: AckedSendObserver,
): Promise<AckedSendOutcome> {
  const topic = ackTopic(toBigInt(message.message.nonce));
  const max = deps.timings.maxConnectionAttempts;
  for (let attempt = 1; attempt <= max; attempt++) {
    if (signal.aborted) return "aborted";
    const observed = observer.attempt(attempt);
    // Subscribe before sending: the response may arrive before send returns.
    const sub = deps.pubsub.subscribe(topic, deps.timings.membershipAckTimeout);
    deps.comm.send(message, { ...peer, traceContext: observed.traceContext });
    try {
      await sub.listen(signal);
      observed.ended("acked");
      return "acked";
    } catch (err) {
      if (!(err instanceof SubscriptionTimeoutError)) {
        observed.ended("aborted");
        return "aborted";
      }
      observed.ended("timeout");
    }
    if (attempt === max) break;
    observer.retrying(attempt);
    try {
      await sleep(deps.clock, deps.timings.reconnectInterval, signal);
    } catch {
      return "aborted";
    }
  }
  return "gave_up";
}
