// The admin API's JSON schemas: one declaration gives request validation, fast
// response serialisation and the OpenAPI document. The TypeScript shapes beside
// them are what handlers return; keep the two in step.

/** host:port, the host a DNS name, an IPv4 address or a bracketed IPv6 address; port 1-65535. */
export const ENDPOINT_PATTERN =
  "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?)" +
  ":(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";

/** A PKI-ID: hex, whole bytes (Fabric's are SHA-256, 32 bytes). */
export const PKI_ID_PATTERN = "^(?:[0-9A-Fa-f]{2}){1,64}$";

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
const uint64 = { type: "string", pattern: "^[0-9]+$", description: "decimal uint64" } as const;
const time = { type: "string", format: "date-time" } as const;
const endpoint = { type: "string", description: "host:port" } as const;

export const errorSchema = {
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "HTTP status text" },
    message: { type: "string" },
    field: { type: "string", description: "The request field that was rejected, for 400s from validation" },
  },
} as const;

export interface ApiError {
  error: string;
  message: string;
  field?: string;
}

/** Responses every route may give: bad input, unknown route, and the catch-all. */
export function withErrors<T extends Record<number, unknown>>(responses: T) {
  return {
    ...responses,
    400: { description: "Bad input; `field` names it", ...errorSchema },
    500: { description: "Internal error (never caused by input)", ...errorSchema },
  };
}

export const selfSchema = {
  type: "object",
  description: "This node",
  required: [
    "pki_id",
    "msp_id",
    "endpoint",
    "internal_endpoint",
    "inc_num",
    "seq_num",
    "started_at",
    "version",
  ],
  properties: {
    pki_id: pkiId,
    msp_id: { type: "string" },
    endpoint: { ...endpoint, description: "External endpoint, advertised to other orgs" },
    internal_endpoint: { ...endpoint, description: "Internal endpoint, disclosed to the same org only" },
    inc_num: { ...uint64, description: "Incarnation number: start time of this run" },
    seq_num: { ...uint64, description: "Sequence number of the latest alive message" },
    started_at: time,
    version: { type: "string" },
  },
} as const;

export interface SelfJson {
  pki_id: string;
  msp_id: string;
  endpoint: string;
  internal_endpoint: string;
  inc_num: string;
  seq_num: string;
  started_at: string;
  version: string;
}

export const MEMBER_STATES = ["alive", "dead"] as const;

export const memberSchema = {
  type: "object",
  required: ["pki_id", "endpoint", "state", "inc_num", "seq_num", "last_seen", "state_since"],
  properties: {
    pki_id: pkiId,
    msp_id: { type: "string", description: "Absent until the member's identity is known" },
    endpoint: endpoint,
    internal_endpoint: { ...endpoint, description: "Present only when the member disclosed it (same org)" },
    state: { type: "string", enum: MEMBER_STATES },
    inc_num: uint64,
    seq_num: uint64,
    last_seen: { ...time, description: "When the latest alive message from it was accepted" },
    state_since: { ...time, description: "When it entered its current state" },
  },
} as const;

export interface MemberJson {
  pki_id: string;
  msp_id?: string;
  endpoint: string;
  internal_endpoint?: string;
  state: "alive" | "dead";
  inc_num: string;
  seq_num: string;
  last_seen: string;
  state_since: string;
}

export const membersQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    state: { type: "string", enum: MEMBER_STATES, description: "Only members in this state" },
    mspid: { type: "string", minLength: 1, maxLength: 256, description: "Only members of this MSP" },
  },
} as const;

export interface MembersQuery {
  state?: "alive" | "dead";
  mspid?: string;
}

export const membersResponseSchema = {
  type: "object",
  description: "The membership view",
  required: ["members"],
  properties: { members: { type: "array", items: memberSchema } },
} as const;

export const memberParamsSchema = {
  type: "object",
  required: ["pkiId"],
  properties: { pkiId },
} as const;

export interface MemberParams {
  pkiId: string;
}

export const CONNECTION_STATES = [
  "connecting",
  "handshaking",
  "awaiting_ack",
  "connected",
  "failed",
  "gave_up",
] as const;

export const peerSchema = {
  type: "object",
  required: ["endpoint", "bootstrap", "state", "attempts"],
  properties: {
    endpoint,
    bootstrap: { type: "boolean", description: "Configured as a bootstrap peer" },
    state: { type: "string", enum: CONNECTION_STATES },
    pki_id: { ...pkiId, description: "Known once a handshake succeeded" },
    attempts: { type: "integer", minimum: 0, description: "Connection attempts so far" },
    last_error: {
      type: "object",
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

export interface PeerJson {
  endpoint: string;
  bootstrap: boolean;
  state: (typeof CONNECTION_STATES)[number];
  pki_id?: string;
  attempts: number;
  last_error?: { reason: string; message: string; at: string };
  last_handshake_at?: string;
  pending_nonce?: string;
}

export const peersResponseSchema = {
  type: "object",
  description: "Every endpoint dialed or connected, bootstrap peers included",
  required: ["peers"],
  properties: { peers: { type: "array", items: peerSchema } },
} as const;

export const connectBodySchema = {
  type: "object",
  required: ["endpoint"],
  additionalProperties: false,
  properties: { endpoint: { type: "string", pattern: ENDPOINT_PATTERN, description: "host:port to join" } },
} as const;

export interface ConnectBody {
  endpoint: string;
}

export const connectAcceptedSchema = {
  type: "object",
  description: "The connection attempt started in the background; follow it in GET /v1/peers",
  required: ["endpoint", "status"],
  properties: { endpoint, status: { type: "string", enum: ["connecting"] } },
} as const;

export const MEMBERSHIP_EVENT_KINDS = ["joined", "updated", "dead", "resurrected", "purged"] as const;

/** The `data:` of each server-sent event; the event's name is its kind. */
export const membershipEventSchema = {
  type: "object",
  required: ["kind", "pki_id", "endpoint", "at"],
  properties: {
    kind: { type: "string", enum: MEMBERSHIP_EVENT_KINDS },
    pki_id: pkiId,
    endpoint,
    at: time,
  },
} as const;

export interface MembershipEventJson {
  kind: (typeof MEMBERSHIP_EVENT_KINDS)[number];
  pki_id: string;
  endpoint: string;
  at: string;
}

export const eventStreamResponseSchema = {
  description:
    "Server-Sent Events: `event: <kind>` then `data: <json>` (see MembershipEvent); a comment line every 15 s keeps the stream alive",
  content: {
    "text/event-stream": { schema: { type: "string" } },
  },
} as const;

/** Fabric's operations health shape (/healthz); /readyz uses the same status and time. */
export const healthSchema = {
  type: "object",
  required: ["status", "time"],
  properties: {
    status: { type: "string", enum: ["OK", "Service Unavailable"] },
    time: time,
    failed_checks: {
      type: "array",
      items: {
        type: "object",
        required: ["component", "reason"],
        properties: { component: { type: "string" }, reason: { type: "string" } },
      },
    },
  },
} as const;

export interface HealthJson {
  status: "OK" | "Service Unavailable";
  time: string;
  failed_checks?: { component: string; reason: string }[];
}

export const readinessSchema = {
  type: "object",
  required: ["status", "time"],
  properties: {
    status: { type: "string", enum: ["OK", "Service Unavailable"] },
    time: time,
    reasons: { type: "array", items: { type: "string" }, description: "Why the node is not ready" },
  },
} as const;

export interface ReadinessJson {
  status: "OK" | "Service Unavailable";
  time: string;
  reasons?: string[];
}

/** Fabric's /version shape. */
export const versionSchema = {
  type: "object",
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

export interface LogSpecBody {
  spec: string;
}

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

export const authErrors = {
  401: { description: "Missing or wrong bearer token (an admin token is configured)", ...errorSchema },
  403: {
    description:
      "Refused: no admin token is configured and either the admin server listens beyond loopback, or it " +
      "listens on loopback and the Host header does not name a loopback host",
    ...errorSchema,
  },
} as const;
