// sendUntilAcked: how a joining node makes sure a bootstrap peer heard its
// membership request. It subscribes to the request's nonce, sends, and waits
// for the response that echoes the nonce; without one it sleeps
// reconnectInterval and sends again, up to maxConnectionAttempts times.
import { type Context, ROOT_CONTEXT, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import { type Clock, sleep } from "../clock/clock.js";
import type { CommService, RemotePeer } from "../comm/comm-service.js";
import type { GossipTimings } from "../config/gossip-config.js";
import type { AckedSendOutcome, NodeMetrics } from "../observability/metrics.js";
import { toBigInt } from "../protocol/long.js";
import type { SignedGossipMessage } from "../protocol/signed-message.js";
import { type PubSub, SubscriptionTimeoutError } from "../pubsub/pubsub.js";

export type { AckedSendOutcome } from "../observability/metrics.js";

export interface AckedSendDeps {
  readonly pubsub: PubSub<bigint>;
  readonly comm: CommService;
  readonly clock: Clock;
  readonly timings: Pick<
    GossipTimings,
    "membershipAckTimeout" | "reconnectInterval" | "maxConnectionAttempts"
  >;
  readonly metrics: NodeMetrics;
  readonly tracer: Tracer;
  readonly logger: Logger;
}

export interface AckedSendOptions {
  /** Aborting ends the wait at once with outcome "aborted". */
  readonly signal: AbortSignal;
  /** Parent of the per-attempt spans. */
  readonly context?: Context;
  /** Told before each send, e.g. to show the pending nonce in the connection view. */
  readonly onAttempt?: (attempt: number) => void;
  /** Told after each unacked attempt. */
  readonly onTimeout?: (attempt: number) => void;
}

/** The topic a membership response with this nonce publishes to. */
export const ackTopic = (nonce: bigint): string => nonce.toString();

export async function sendUntilAcked(
  deps: AckedSendDeps,
  peer: RemotePeer,
  message: SignedGossipMessage,
  options: AckedSendOptions,
): Promise<AckedSendOutcome> {
  const outcome = await attemptUntilAcked(deps, peer, message, options);
  deps.metrics.membershipRequests.inc({ outcome });
  return outcome;
}

async function attemptUntilAcked(
  deps: AckedSendDeps,
  peer: RemotePeer,
  message: SignedGossipMessage,
  options: AckedSendOptions,
): Promise<AckedSendOutcome> {
  const { signal } = options;
  const nonce = toBigInt(message.message.nonce);
  const parent = options.context ?? ROOT_CONTEXT;
  const max = deps.timings.maxConnectionAttempts;
  for (let attempt = 1; attempt <= max; attempt++) {
    if (signal.aborted) return "aborted";
    options.onAttempt?.(attempt);
    const span = deps.tracer.startSpan(
      "gossip.membership_request",
      { attributes: { "gossip.nonce": nonce.toString(), "gossip.attempt": attempt } },
      parent,
    );
    // Subscribe before sending: the response may arrive before send returns.
    const sub = deps.pubsub.subscribe(ackTopic(nonce), deps.timings.membershipAckTimeout);
    deps.comm.send(message, peer);
    try {
      await sub.listen(signal);
      span.setAttribute("gossip.outcome", "acked");
      span.end();
      return "acked";
    } catch (err) {
      if (!(err instanceof SubscriptionTimeoutError)) {
        span.setAttribute("gossip.outcome", "aborted");
        span.end();
        return "aborted";
      }
      span.setAttribute("gossip.outcome", "timeout");
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: "no membership response within the ack timeout",
      });
      span.end();
    }
    options.onTimeout?.(attempt);
    if (attempt === max) break;
    deps.metrics.membershipRequestRetries.inc();
    deps.logger.debug({ peer: peer.endpoint, attempt }, "membership request not acked, retrying");
    try {
      await sleep(deps.clock, deps.timings.reconnectInterval, signal);
    } catch {
      return "aborted";
    }
  }
  return "gave_up";
}
