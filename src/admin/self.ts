// This node as others see it: the identity and endpoints it advertises in its
// alive messages, the incarnation/sequence numbers that order them, and
// whether its gossip port runs TLS.
import type { NodeView, SelfView } from "../node/node-view.js";
import { type AdminRoutes, type SelfJson, selfSchema, withErrors } from "./schemas.js";

function toSelfJson(self: SelfView): SelfJson {
  return {
    pki_id: self.pkiId,
    msp_id: self.mspId,
    endpoint: self.endpoint,
    internal_endpoint: self.internalEndpoint,
    inc_num: self.incNum,
    seq_num: self.seqNum,
    started_at: new Date(self.startedAt).toISOString(),
    version: self.version,
    gossip_tls: {
      enabled: self.gossipTls.enabled,
      client_auth_required: self.gossipTls.clientAuthRequired,
    },
  };
}

export const selfRoutes: AdminRoutes<{ node: NodeView }> = async (app, { node }) => {
  app.get(
    "/v1/self",
    {
      schema: {
        operationId: "getSelf",
        summary: "This node",
        description:
          "Identity, endpoints, incarnation and sequence numbers as this node advertises them in its alive " +
          "messages, its version, and whether its gossip port runs TLS with client authentication.",
        tags: ["membership"],
        response: withErrors({ 200: selfSchema }),
      },
    },
    async () => toSelfJson(node.self()),
  );
};
