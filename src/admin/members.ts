// The membership view: who this node believes is alive or dead, as the
// discovery layer learned them from alive messages and membership responses.
import type { MemberView, NodeView } from "../node/node-view.js";
import {
  type AdminRoutes,
  type MemberJson,
  memberParamsSchema,
  membersQuerySchema,
  membersResponseSchema,
  ref,
  withErrors,
} from "./schemas.js";

/**
 * RFC 3339 strings of recent times. A member's times change only when an alive
 * message moves it, so a large view's reply formats few of them anew; two
 * generations of at most `capacity` entries bound the memory.
 */
class TimeFormatter {
  private current = new Map<number, string>();
  private previous = new Map<number, string>();

  constructor(private readonly capacity = 16_384) {}

  format(ms: number): string {
    let text = this.current.get(ms);
    if (text !== undefined) return text;
    text = this.previous.get(ms) ?? new Date(ms).toISOString();
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(ms, text);
    return text;
  }
}

/**
 * One shape for every member (unknown fields undefined, which the serialiser leaves
 * out), so that building a large view's reply stays on V8's fast paths.
 */
function toMemberJson(member: MemberView, times: TimeFormatter): MemberJson {
  return {
    pki_id: member.pkiId,
    msp_id: member.mspId,
    endpoint: member.endpoint,
    internal_endpoint: member.internalEndpoint,
    state: member.state,
    inc_num: member.incNum,
    seq_num: member.seqNum,
    last_seen: times.format(member.lastSeen),
    state_since: times.format(member.stateSince),
    flaps: member.flaps,
  };
}

/** By endpoint, then PKI-ID, in code-point order: stable across locales and cheap for large views. */
function byEndpointThenId(a: MemberJson, b: MemberJson): number {
  if (a.endpoint !== b.endpoint) return a.endpoint < b.endpoint ? -1 : 1;
  return a.pki_id < b.pki_id ? -1 : a.pki_id > b.pki_id ? 1 : 0;
}

export const membersRoutes: AdminRoutes<{ node: NodeView }> = async (app, { node }) => {
  const times = new TimeFormatter();
  app.get(
    "/v1/members",
    {
      schema: {
        operationId: "listMembers",
        summary: "The membership view",
        description:
          "Alive and dead members as this node knows them, sorted by endpoint, optionally filtered.",
        tags: ["membership"],
        querystring: membersQuerySchema,
        response: withErrors({ 200: membersResponseSchema }),
      },
    },
    async (request) => {
      const { state, mspid } = request.query;
      const members: MemberJson[] = [];
      for (const member of node.members()) {
        if (
          (state === undefined || member.state === state) &&
          (mspid === undefined || member.mspId === mspid)
        ) {
          members.push(toMemberJson(member, times));
        }
      }
      return { members: members.sort(byEndpointThenId) };
    },
  );

  app.get(
    "/v1/members/:pkiId",
    {
      schema: {
        operationId: "getMember",
        summary: "One member",
        description: "A member of the view by PKI-ID (hex, any case); 404 when this node does not know it.",
        tags: ["membership"],
        params: memberParamsSchema,
        response: withErrors({
          200: ref("Member", "The member"),
          404: ref("ApiError", "Not in this node's view"),
          414: ref("ApiError", "The PKI-ID is far longer than any PKI-ID"),
        }),
      },
    },
    async (request, reply) => {
      const wanted = request.params.pkiId.toLowerCase();
      const member = node.member(wanted);
      if (member === undefined) {
        return reply.code(404).send({
          error: "Not Found",
          message: `No member with PKI-ID ${wanted} in this node's view`,
        });
      }
      return toMemberJson(member, times);
    },
  );
};
