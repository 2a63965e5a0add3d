// The admin API's JSON schemas: one declaration gives request validation, fast
// response serialisation (fast-json-stringify), the OpenAPI document, and the
// TypeScript types handlers take and return (json-schema-to-ts, through
// Fastify's type provider), so no shape is written twice. Schemas with an $id
// are shared: registered once with addSchema, referenced as "Name#", and listed
// under the OpenAPI document's components.

import type { FastifyPluginAsyncJsonSchemaToTs } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifyPluginOptions } from "fastify";
import type { FromSchema, JSONSchema } from "json-schema-to-ts";

/** host:port, the host a DNS name, an IPv4 address or a bracketed IPv6 address; port 1-65535. */
const ENDPOINT_PATTERN =
  "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?)" +
  ":(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";

/** A PKI-ID: hex, whole bytes (Fabric's are SHA-256, 32 bytes). */
const PKI_ID_PATTERN = "^(?:[0-9A-Fa-f]{2}){1,64}$";

/** What each pattern means, for 400 messages a person can act on. */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  [ENDPOINT_PATTERN]: "host:port, with a port from 1 to 65535",
  [PKI_ID_PATTERN]: "a hex PKI-ID (whole bytes, at most 64)",
};

const pkiId = {
  type: "string",
  pattern: PKI_ID_PATTERN,
  description: "PKI-ID, hex: SHA-256 of the MSP ID and the certificate",
} as const;
/**
 * Marks a response string this node writes itself (hex, decimal, enum, RFC 3339):
 * it needs no JSON escaping (see scripts/admin-compilers.ts). Never on a string from the network.
 */
const trusted = { "x-trusted": true } as const;
const pkiIdOut = { ...pkiId, ...trusted } as const;
const uint64 = { type: "string", pattern: "^[0-9]+$", description: "decimal uint64", ...trusted } as const;
const time = { type: "string", format: "date-time", ...trusted } as const;
const endpoint = { type: "string", description: "host:port" } as const;

// ------------------------------------------------------------ shared components

export const apiErrorSchema = {
  $id: "ApiError",
  type: "object",
  description: "The body of every error response",
  additionalProperties: false,
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "HTTP status text" },
    message: { type: "string" },
    field: { type: "string", description: "The request field that was rejected, for 400s from validation" },
  },
} as const;

const MEMBER_STATES = ["alive", "dead"] as const;

export const memberSchema = {
  $id: "Member",
  type: "object",
  description: "One member of the membership view",
  additionalProperties: false,
  required: ["pki_id", "endpoint", "state", "inc_num", "seq_num", "last_seen", "state_since", "flaps"],
  properties: {
    pki_id: pkiIdOut,
    msp_id: { type: "string", description: "Absent until the member's identity is known" },
    endpoint: endpoint,
    internal_endpoint: { ...endpoint, description: "Present only when the member disclosed it (same org)" },
    state: { type: "string", enum: MEMBER_STATES, ...trusted },
    inc_num: uint64,
    seq_num: uint64,
    last_seen: { ...time, description: "When the latest alive message from it was accepted" },
    state_since: { ...time, description: "When it entered its current state" },
    flaps: {
      type: "integer",
      minimum: 0,
      description: "Times it went alive, dead, then alive again (flapping)",
    },
  },
} as const;

const CONNECTION_STATES = [
  "connecting",
  "handshaking",
  "awaiting_ack",
  "connected",
  "failed",
  "gave_up",
] as const;

const peerSchema = {
  $id: "Peer",
  type: "object",
  description:
    "One connection: an endpoint this node was asked to join (bootstrap, POST /v1/peers), a member gossip " +
    "dialed on its own (outbound), or a member that connected to this node (inbound)",
  additionalProperties: false,
  required: ["endpoint", "direction", "bootstrap", "state", "attempts"],
  properties: {
    endpoint: {
      type: "string",
      description: "outbound: the endpoint dialed; inbound: the address the member connected from",
    },
    direction: {
      type: "string",
      enum: ["outbound", "inbound"],
      description: "outbound: this node dials it; inbound: it connected to this node",
    },
    bootstrap: { type: "boolean", description: "Configured as a bootstrap peer" },
    state: { type: "string", enum: CONNECTION_STATES, description: "Inbound connections are connected" },
    pki_id: { ...pkiIdOut, description: "Known once a handshake succeeded" },
    attempts: {
      type: "integer",
      minimum: 0,
      description: "Attempts of a bootstrap or POST /v1/peers connection so far; 0 for any other connection",
    },
    last_error: {
      type: "object",
      additionalProperties: false,
      required: ["reason", "message", "at"],
      properties: {
        reason: { type: "string", description: "Stable reason code (as in metrics and logs)" },
        message: { type: "string" },
        at: time,
      },
    },
    last_handshake_at: { ...time, description: "Last successful handshake" },
    pending_nonce: {
      ...uint64,
      description: "Nonce of the membership request still waiting for its ack",
    },
  },
} as const;

export const MEMBERSHIP_EVENT_KINDS = ["joined", "updated", "dead", "resurrected", "purged"] as const;

/** The `data:` of each server-sent event; the event's name is its kind. */
export const membershipEventSchema = {
  $id: "MembershipEvent",
  type: "object",
  description: "One membership change, the `data:` line of a /v1/events frame",
  additionalProperties: false,
  required: ["kind", "pki_id", "endpoint", "flaps", "at"],
  properties: {
    kind: { type: "string", enum: MEMBERSHIP_EVENT_KINDS, ...trusted },
    pki_id: pkiIdOut,
    endpoint: { ...endpoint, description: "External endpoint; empty when the member advertises none" },
    internal_endpoint: { ...endpoint, description: "Present when the member disclosed it (same org)" },
    msp_id: { type: "string", description: "Present once the member's identity is known" },
    flaps: {
      type: "integer",
      minimum: 0,
      description: "Times the member went alive, dead, then alive again so far, this change included",
    },
    at: time,
  },
} as const;

/** Registered on the app with addSchema; the OpenAPI document lists them as components. */
export const SHARED_SCHEMAS = [apiErrorSchema, memberSchema, peerSchema, membershipEventSchema];

type SharedSchemas = [
  typeof apiErrorSchema,
  typeof memberSchema,
  typeof peerSchema,
  typeof membershipEventSchema,
];

type ReplyOptions = { references: SharedSchemas };

/** What a handler returns for a response schema. */
type Reply<Schema extends JSONSchema> = FromSchema<Schema, ReplyOptions>;

/** A route plugin whose request and reply types come from its schemas. */
export type AdminRoutes<Options extends FastifyPluginOptions = Record<never, never>> =
  FastifyPluginAsyncJsonSchemaToTs<{
    Options: Options;
    ValidatorSchemaOptions: { references: SharedSchemas };
    SerializerSchemaOptions: ReplyOptions;
  }>;

export type ApiError = Reply<typeof apiErrorSchema>;
export type MemberJson = Reply<typeof memberSchema>;
export type PeerJson = Reply<typeof peerSchema>;
export type MembershipEventJson = Reply<typeof membershipEventSchema>;

/** A response that is a shared schema, with this route's description. */
export function ref<const Id extends string, const Description extends string>(
  id: Id,
  description: Description,
) {
  return { description, $ref: `${id}#` } as const;
}

/** Responses every route may give: a bad URL or input, and the catch-all. */
export function withErrors<const T extends Record<number, unknown>>(responses: T) {
  return {
    ...responses,
    400: ref("ApiError", "Bad input or URL; `field` names it"),
    500: ref("ApiError", "Internal error (never caused by input)"),
  };
}

// ------------------------------------------------------------------ route schemas

export const selfSchema = {
  type: "object",
  description: "This node",
  additionalProperties: false,
  required: [
    "pki_id",
    "msp_id",
    "endpoint",
    "internal_endpoint",
    "inc_num",
    "seq_num",
    "started_at",
    "version",
    "gossip_tls",
  ],
  properties: {
    pki_id: pkiIdOut,
    msp_id: { type: "string" },
    endpoint: { ...endpoint, description: "External endpoint, advertised to other orgs" },
    internal_endpoint: { ...endpoint, description: "Internal endpoint, disclosed to the same org only" },
    inc_num: { ...uint64, description: "Incarnation number: start time of this run" },
    seq_num: { ...uint64, description: "Sequence number of the latest alive message" },
    started_at: time,
    version: { type: "string" },
    gossip_tls: {
      type: "object",
      description: "Transport security of the gossip port (not of this admin server)",
      additionalProperties: false,
      required: ["enabled", "client_auth_required"],
      properties: {
        enabled: { type: "boolean", description: "Gossip runs over TLS (CORE_PEER_TLS_ENABLED)" },
        client_auth_required: {
          type: "boolean",
          description:
            "Dialers must present a certificate from a trusted CA (CORE_PEER_TLS_CLIENTAUTHREQUIRED)",
        },
      },
    },
  },
} as const;

export type SelfJson = Reply<typeof selfSchema>;

export const membersQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    state: { type: "string", enum: MEMBER_STATES, description: "Only members in this state" },
    mspid: { type: "string", minLength: 1, maxLength: 256, description: "Only members of this MSP" },
  },
} as const;

export const membersResponseSchema = {
  type: "object",
  description: "The membership view",
  additionalProperties: false,
  required: ["members"],
  properties: { members: { type: "array", items: { $ref: "Member#" } } },
} as const;

export const memberParamsSchema = {
  type: "object",
  required: ["pkiId"],
  properties: { pkiId },
} as const;

export const peersResponseSchema = {
  type: "object",
  description: "Every endpoint this node was asked to join, then every other live connection, either way",
  additionalProperties: false,
  required: ["peers"],
  properties: { peers: { type: "array", items: { $ref: "Peer#" } } },
} as const;

export const connectBodySchema = {
  type: "object",
  required: ["endpoint"],
  additionalProperties: false,
  properties: { endpoint: { type: "string", pattern: ENDPOINT_PATTERN, description: "host:port to join" } },
} as const;

export const connectAcceptedSchema = {
  type: "object",
  description: "The connection attempt started in the background; follow it in GET /v1/peers",
  additionalProperties: false,
  required: ["endpoint", "status"],
  properties: { endpoint, status: { type: "string", enum: ["connecting"] } },
} as const;

export const eventStreamResponseSchema = {
  description:
    "Server-Sent Events: `event: <kind>` then `data: <json>`, the JSON a MembershipEvent (its schema " +
    "in x-event-data); a comment line every 15 s keeps the stream alive",
  content: {
    "text/event-stream": {
      schema: { type: "string" },
      "x-event-data": { $ref: "MembershipEvent#" },
    },
  },
} as const;

/** Seconds a client refused for the subscriber cap is told to wait. */
export const RETRY_AFTER_SECONDS = 5;

export const eventStreamFullSchema = {
  description: "Too many event stream clients; retry after Retry-After seconds",
  headers: {
    "Retry-After": { type: "integer", minimum: 1, description: "Seconds to wait before retrying" },
  },
  content: { "application/json": { schema: { $ref: "ApiError#" } } },
} as const;

/** Fabric's operations health shape (/healthz); /readyz uses the same status and time. */
export const healthSchema = {
  type: "object",
  additionalProperties: false,
  required: ["status", "time"],
  properties: {
    status: { type: "string", enum: ["OK", "Service Unavailable"] },
    time: time,
    failed_checks: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["component", "reason"],
        properties: { component: { type: "string" }, reason: { type: "string" } },
      },
    },
  },
} as const;

export type HealthJson = Reply<typeof healthSchema>;

export const readinessSchema = {
  type: "object",
  additionalProperties: false,
  required: ["status", "time"],
  properties: {
    status: { type: "string", enum: ["OK", "Service Unavailable"] },
    time: time,
    reasons: { type: "array", items: { type: "string" }, description: "Why the node is not ready" },
  },
} as const;

export type ReadinessJson = Reply<typeof readinessSchema>;

/** Fabric's /version shape. */
export const versionSchema = {
  type: "object",
  additionalProperties: false,
  required: ["Version", "CommitSHA"],
  properties: { Version: { type: "string" }, CommitSHA: { type: "string" } },
} as const;

export const logSpecSchema = {
  type: "object",
  required: ["spec"],
  additionalProperties: false,
  properties: {
    spec: {
      type: "string",
      minLength: 1,
      maxLength: 1024,
      description:
        "A Fabric logging spec: a default level (trace, debug, info, warn, error, fatal; Fabric's names too) and per-module levels, e.g. gossip.discovery=debug:gossip.comm,gossip.pull=warn:info",
    },
  },
} as const;

export type LogSpecBody = FromSchema<typeof logSpecSchema>;

export const metricsResponseSchema = {
  description: "Prometheus text exposition format",
  content: { "text/plain": { schema: { type: "string" } } },
} as const;

export const openApiResponseSchema = {
  type: "object",
  description: "This document",
  additionalProperties: true,
} as const;

export const noContentSchema = { description: "Done", type: "null" } as const;

/** Declared on mutating routes; the OpenAPI document names the scheme. */
export const BEARER_SECURITY = [{ bearerAuth: [] as string[] }];

/** Responses of a mutating route: refused by the guard (auth.ts), or a body it cannot read. */
export const mutationErrors = {
  401: {
    description: "Missing or wrong bearer token (an admin token is configured)",
    headers: { "WWW-Authenticate": { type: "string", description: 'Bearer realm="admin"' } },
    content: { "application/json": { schema: { $ref: "ApiError#" } } },
  },
  403: ref(
    "ApiError",
    "Refused: no admin token is configured and either the admin server listens beyond loopback, or it " +
      "listens on loopback and the Host header does not name a loopback host",
  ),
  413: ref("ApiError", "The body is larger than the server accepts"),
  415: ref("ApiError", "The body's content type is not one the route reads"),
} as const;
