// The connection-level view, which explains a member's absence from the
// membership view (dial failed, handshake rejected, membership request never
// acked) and shows who connected to us, and the operator's "join this peer now".
import type { onRequestHookHandler } from "fastify";
import type { NodeView, PeerConnectionView } from "../node/node-view.js";
import { BadRequestError } from "./errors.js";
import {
  type AdminRoutes,
  BEARER_SECURITY,
  connectAcceptedSchema,
  connectBodySchema,
  mutationErrors,
  type PeerJson,
  peersResponseSchema,
  withErrors,
} from "./schemas.js";

function toPeerJson(peer: PeerConnectionView): PeerJson {
  const json: PeerJson = {
    endpoint: peer.endpoint,
    direction: peer.direction,
    bootstrap: peer.bootstrap,
    state: peer.state,
    attempts: peer.attempts,
  };
  if (peer.pkiId !== undefined) json.pki_id = peer.pkiId;
  if (peer.lastError !== undefined) {
    json.last_error = {
      reason: peer.lastError.reason,
      message: peer.lastError.message,
      at: new Date(peer.lastError.at).toISOString(),
    };
  }
  if (peer.lastHandshakeAt !== undefined)
    json.last_handshake_at = new Date(peer.lastHandshakeAt).toISOString();
  if (peer.pendingNonce !== undefined) json.pending_nonce = peer.pendingNonce;
  return json;
}

/** Outbound before inbound, then by endpoint. */
function byDirectionThenEndpoint(a: PeerJson, b: PeerJson): number {
  if (a.direction !== b.direction) return a.direction === "outbound" ? -1 : 1;
  return a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0;
}

interface PeersRoutesOptions {
  node: NodeView;
  /** Guards the mutating route (see auth.ts). */
  guard: onRequestHookHandler;
}

export const peersRoutes: AdminRoutes<PeersRoutesOptions> = async (app, { node, guard }) => {
  app.get(
    "/v1/peers",
    {
      schema: {
        operationId: "listPeers",
        summary: "Connections: why a member is, or is not, in the view",
        description:
          "Every endpoint this node was asked to join (bootstrap peers, POST /v1/peers): connection state, " +
          "attempts, the last error with its reason, the last successful handshake and a pending membership " +
          "request. Then every other live connection with its direction: members that connected to this " +
          "node (inbound, from the address they connected from) and members gossip dialed on its own.",
        tags: ["connections"],
        response: withErrors({ 200: peersResponseSchema }),
      },
    },
    async () => ({ peers: node.peers().map(toPeerJson).sort(byDirectionThenEndpoint) }),
  );

  app.post(
    "/v1/peers",
    {
      onRequest: guard,
      schema: {
        operationId: "connectPeer",
        summary: "Connect to a peer now",
        description:
          "Starts a bootstrap-style join in the background (handshake, then a membership request until " +
          "acked); follow it in GET /v1/peers.",
        tags: ["connections"],
        security: BEARER_SECURITY,
        body: connectBodySchema,
        response: withErrors({ 202: connectAcceptedSchema, ...mutationErrors }),
      },
    },
    async (request, reply) => {
      const { endpoint } = request.body;
      try {
        node.connect(endpoint);
      } catch (err) {
        // The node refuses endpoints it cannot dial (itself, unparsable): that is the input's fault.
        throw new BadRequestError("endpoint", err instanceof Error ? err.message : String(err));
      }
      request.log.info({ endpoint }, "connect requested through the admin API");
      return reply.code(202).send({ endpoint, status: "connecting" });
    },
  );
};
