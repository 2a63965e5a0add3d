// What the operator surface (admin API, probes) may read from and ask of a
// running node. The admin server depends on this interface only, so it is
// tested against a fake and served by GossipNode in production. The views are
// discovery's own types, re-exported here for the operator surface.
import type { Registry } from "prom-client";
import type { ConnectionStatus } from "../discovery/connections.js";
import type { MembershipEvent } from "../discovery/events.js";
import type { Readiness } from "../discovery/join.js";
import type { MemberView } from "../discovery/membership.js";
import type { SelfView as AdvertisedSelf } from "../discovery/self.js";

export type { MembershipEvent, MemberView, Readiness };

/** This node as it advertises itself, the software version it runs and its gossip port's security. */
export type SelfView = AdvertisedSelf & {
  readonly version: string;
  /** Transport security of the gossip port, as configured. */
  readonly gossipTls: { readonly enabled: boolean; readonly clientAuthRequired: boolean };
};

/** What GET /v1/peers shows of a connect() target or a live connection. */
export type PeerConnectionView = Pick<
  ConnectionStatus,
  "endpoint" | "bootstrap" | "state" | "pkiId" | "attempts" | "lastError" | "lastHandshakeAt" | "pendingNonce"
> & {
  /** outbound: this node dials it (a connect() target, or a member gossip dialed); inbound: it dialed us (endpoint is then the address it came from). */
  readonly direction: "outbound" | "inbound";
};

export interface NodeView {
  self(): SelfView;
  members(): MemberView[];
  /** One member by hex PKI-ID, without building the others' views; undefined when not in the view. */
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
