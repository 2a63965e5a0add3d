// Hands each received message to the component that owns its kind, as
// Fabric's gossip layer demultiplexes comm's single stream: membership to
// discovery, identity pull to the cert store. Anything else is dropped and
// counted; so is any membership or pull message without tag EMPTY, checked
// here once for both.
import type { Logger } from "pino";
import type { ReceivedMessage } from "../comm/comm-service.js";
import type { NodeMetrics } from "../observability/metrics.js";
import { hasEmptyTag, kindOf, type MessageKind } from "../protocol/messages.js";

export interface MessageRoutes {
  membership: { handleMsgFromComm(received: ReceivedMessage): void };
  identityPull: { handleMessage(received: ReceivedMessage): void };
}

const MEMBERSHIP: ReadonlySet<MessageKind> = new Set(["alive", "mem_req", "mem_res"]);
// A PeerIdentity travels only inside a DataUpdate; on its own it is dropped as unsupported, as Fabric does.
const IDENTITY_PULL: ReadonlySet<MessageKind> = new Set(["hello", "data_dig", "data_req", "data_update"]);

export function routeMessage(received: ReceivedMessage, routes: MessageRoutes, metrics: NodeMetrics): void {
  const kind = kindOf(received.signed.message);
  const membership = MEMBERSHIP.has(kind);
  if (!membership && !IDENTITY_PULL.has(kind)) {
    // Fabric pings with empty messages; they need no answer.
    if (kind !== "empty") metrics.tallies.dropped(kind, "unsupported");
    return;
  }
  if (!hasEmptyTag(received.signed.message)) {
    metrics.tallies.dropped(kind, "bad_tag");
    return;
  }
  if (membership) routes.membership.handleMsgFromComm(received);
  else routes.identityPull.handleMessage(received);
}

/** Fabric's handleMessages: consumes comm's message stream until it ends; a handler's exception never stops the loop. */
export async function handleMessages(
  messages: AsyncIterable<ReceivedMessage>,
  routes: MessageRoutes,
  metrics: NodeMetrics,
  logger: Logger,
): Promise<void> {
  for await (const received of messages) {
    try {
      routeMessage(received, routes, metrics);
    } catch (err) {
      metrics.tallies.dropped(kindOf(received.signed.message), "invalid");
      logger.warn({ err }, "dropped a message whose handling failed");
    }
  }
}
