// What a Discovery is built from, and what connect() asks of the caller.
import type { Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { IdentityStore } from "../certstore/identity-store.js";
import type { Clock } from "../clock/clock.js";
import type { CommService } from "../comm/comm-service.js";
import type { GossipTimings } from "../config/gossip-config.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { NodeMetrics } from "../observability/metrics.js";

export interface SelfMember {
  /** External endpoint, advertised to every org; "" keeps this node inside its org. */
  endpoint: string;
  /** Endpoint peers of our org dial; carried only in SecretEnvelopes. Required, host:port. */
  internalEndpoint: string;
  metadata?: Uint8Array;
}

/** What every component of the membership layer (discovery, identity pull) is built on. */
export interface MembershipDeps {
  signer: SigningIdentity;
  comm: CommService;
  validator: IdentityValidator;
  /** Shared by discovery and the identity pull: validated identities by PKI-ID. */
  identities: IdentityStore;
  timings: GossipTimings;
  clock: Clock;
  logger: Logger;
  metrics: NodeMetrics;
}

export interface DiscoveryOptions extends MembershipDeps {
  self: SelfMember;
  /** Defaults to a no-op tracer; nothing is registered globally. */
  tracer?: Tracer;
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

/** Handshakes with the target; rejects (ideally with an error carrying `reason`) when it cannot. */
export type Identify = (signal: AbortSignal) => Promise<PeerIdentification>;

export interface ConnectTarget {
  endpoint: string;
  internalEndpoint?: string;
}
