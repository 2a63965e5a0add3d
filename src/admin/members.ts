// The membership view: who this node believes is alive or dead, as the
// discovery layer learned them from alive messages and membership responses.
import type { FastifyPluginAsync } from "fastify";
import type { MemberView, NodeView } from "../node/node-view.js";
import {
  errorSchema,
  type MemberJson,
  type MemberParams,
  type MembersQuery,
  memberParamsSchema,
  memberSchema,
  membersQuerySchema,
  membersResponseSchema,
  withErrors,
} from "./schemas.js";

export function toMemberJson(member: MemberView): MemberJson {
  const json: MemberJson = {
    pki_id: member.pkiId,
    endpoint: member.endpoint,
    state: member.state,
    inc_num: member.incNum,
    seq_num: member.seqNum,
    last_seen: new Date(member.lastSeen).toISOString(),
    state_since: new Date(member.stateSince).toISOString(),
  };
  if (member.mspId !== undefined) json.msp_id = member.mspId;
  if (member.internalEndpoint !== undefined) json.internal_endpoint = member.internalEndpoint;
  return json;
}

function byEndpointThenId(a: MemberView, b: MemberView): number {
  return a.endpoint.localeCompare(b.endpoint) || a.pkiId.localeCompare(b.pkiId);
}

export const membersRoutes: FastifyPluginAsync<{ node: NodeView }> = async (app, { node }) => {
  app.get<{ Querystring: MembersQuery }>(
    "/v1/members",
    {
      schema: {
        summary: "The membership view",
        description: "Alive and dead members as this node knows them, optionally filtered.",
        tags: ["membership"],
        querystring: membersQuerySchema,
        response: withErrors({ 200: membersResponseSchema }),
      },
    },
    async (request) => {
      const { state, mspid } = request.query;
      const members = node
        .members()
        .filter(
          (m) => (state === undefined || m.state === state) && (mspid === undefined || m.mspId === mspid),
        )
        .sort(byEndpointThenId)
        .map(toMemberJson);
      return { members };
    },
  );

  app.get<{ Params: MemberParams }>(
    "/v1/members/:pkiId",
    {
      schema: {
        summary: "One member",
        tags: ["membership"],
        params: memberParamsSchema,
        response: withErrors({
          200: { description: "The member", ...memberSchema },
          404: { description: "Not in this node's view", ...errorSchema },
        }),
      },
    },
    async (request, reply) => {
      const wanted = request.params.pkiId.toLowerCase();
      const member = node.members().find((m) => m.pkiId.toLowerCase() === wanted);
      if (member === undefined) {
        return reply.code(404).send({
          error: "Not Found",
          message: `No member with PKI-ID ${wanted} in this node's view`,
        });
      }
      return toMemberJson(member);
    },
  );
};
