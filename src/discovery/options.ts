// What a Discovery is built from, and what connect() asks of the caller.
import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import type { MembershipDeps } from "../certstore/identity-pull.js";
import type { TraceCarrier } from "../comm/trace-context.js";
import type { ValidatedIdentity } from "../identity/validator.js";

export interface SelfMember {
  /** External endpoint, advertised to every org; "" keeps this node inside its org. */
  endpoint: string;
  /** Endpoint peers of our org dial; carried only in SecretEnvelopes. Required, host:port. */
  internalEndpoint: string;
  metadata?: Uint8Array;
}

export interface DiscoveryOptions extends MembershipDeps {
  self: SelfMember;
  /** Defaults to a no-op tracer; nothing is registered globally. */
  tracer?: Tracer;
  /** W3C trace context on the gossip streams this node dials and accepts; none without it. */
  propagator?: TextMapPropagator;
  /** Their entries are never purged, as Fabric keeps its bootstrap peers. */
  bootstrapEndpoints?: string[];
}

/** Who answered at an endpoint: what identify() returns (Fabric's PeerIdentification). */
export interface PeerIdentification {
  pkiId: Uint8Array;
  /** Same org as us: the membership request then carries our internal endpoint. */
  selfOrg: boolean;
  /** The validated identity from the handshake, stored so its messages verify at once. */
  identity?: ValidatedIdentity;
}

/**
 * Handshakes with the target, putting traceContext on the probe stream; rejects
 * (with a CommError or DiscoveryError, whose reason is kept) when it cannot.
 */
export type Identify = (signal: AbortSignal, traceContext?: TraceCarrier) => Promise<PeerIdentification>;

export interface ConnectTarget {
  endpoint: string;
  internalEndpoint?: string;
}
