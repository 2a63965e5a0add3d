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
}

export interface PeerConnectionView {
  endpoint: string;
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
