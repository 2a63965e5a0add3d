// What the operator surface (admin API, probes) may read from and ask of a
// running node. The admin server depends on this interface only, so it is
// tested against a fake and served by GossipNode in production.
import type { Registry } from "prom-client";
import type { ConnectionState } from "../discovery/connections.js";
import type { MemberState } from "../discovery/discovery.js";
import type { MembershipEventKind } from "../observability/metrics.js";

export type { ConnectionState, MemberState, MembershipEventKind };

export interface MemberView {
  pkiId: string; // hex
  mspId: string | undefined;
  endpoint: string;
  /** Present only when this node was told it (same org). */
  internalEndpoint: string | undefined;
  state: MemberState;
  incNum: string; // decimal uint64
  seqNum: string; // decimal uint64
  lastSeen: number; // ms epoch
  stateSince: number; // ms epoch
  /** Times the member went alive, dead, then alive again; absent until the node counts flaps. */
  flaps?: number;
}

export interface SelfView {
  pkiId: string;
  mspId: string;
  endpoint: string;
  internalEndpoint: string;
  incNum: string;
  seqNum: string;
  startedAt: number;
  version: string;
  /** Transport security of the gossip port, as configured. */
  gossipTls: { enabled: boolean; clientAuthRequired: boolean };
}

export interface PeerConnectionView {
  /** outbound: the endpoint dialed; inbound: the address the remote connected from. */
  endpoint: string;
  /** outbound: this node dials it (a connect() target, or a member gossip dialed); inbound: it dialed us. */
  direction: "outbound" | "inbound";
  bootstrap: boolean;
  state: ConnectionState;
  pkiId: string | undefined;
  attempts: number;
  lastError: { reason: string; message: string; at: number } | undefined;
  lastHandshakeAt: number | undefined;
  /** Nonce (decimal) of the membership request waiting for its ack, if any. */
  pendingNonce: string | undefined;
}

export interface MembershipEvent {
  kind: MembershipEventKind;
  pkiId: string;
  endpoint: string;
  /** Present when the member disclosed it (same org). */
  internalEndpoint?: string;
  /** Present once the member's identity is known. */
  mspId?: string;
  at: number;
}

export interface Readiness {
  ready: boolean;
  /** Why not ready; empty when ready. */
  reasons: string[];
}

export interface NodeView {
  self(): SelfView;
  members(): MemberView[];
  /** One member by lower-case hex PKI-ID, without building the whole view; undefined when unknown. */
  member(pkiId: string): MemberView | undefined;
  peers(): PeerConnectionView[];
  /** Starts connecting to endpoint in the background (bootstrap-style join). */
  connect(endpoint: string): void;
  /** Subscribes to membership changes; returns the unsubscribe function. */
  onMembershipEvent(listener: (event: MembershipEvent) => void): () => void;
  readiness(): Readiness;
  /** Liveness: names of failed checks; empty when healthy. */
  failedHealthChecks(): string[];
  metricsRegistry(): Registry;
}
