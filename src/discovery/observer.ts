// What discovery tells the outside about its work: spans, the connection
// records behind GET /v1/peers, histograms and counters. The protocol code
// calls this one interface (as lodestar passes its `metrics`), so it reads as
// the protocol; telemetry.ts implements it with OpenTelemetry and prom-client,
// and is the one place span names, kinds and attributes are decided.
import type { TraceCarrier } from "../comm/trace-context.js";
import type { AckedSendObserver } from "./acked-send.js";
import type { ConnectionFailure, ConnectionStatus } from "./connections.js";

export interface DiscoveryObserver {
  /** connect() registered a target; it may wait for start() before it begins. */
  connect(endpoint: string, bootstrap: boolean): ConnectObserver;
  /** A membership request arrived from `sender` (Fabric's handleMsgFromComm, MemReq branch). */
  membershipRequest(nonce: bigint, sender: MembershipRequestSender): MembershipRequestObserver;
  /** Per connect() target: how far it got. */
  connections(): ConnectionStatus[];
}

/** Who sent a membership request, and the trace context its stream carried. */
export interface MembershipRequestSender {
  readonly endpoint: string;
  /** Hex PKI-ID. */
  readonly pkiId: string;
  readonly traceContext?: TraceCarrier;
}

/** One connect(), from registration until it settles. */
export interface ConnectObserver {
  /** The connect begins its first handshake attempt. */
  begin(): void;
  /** Runs one handshake attempt inside its span; identify puts the trace context on the probe stream. */
  handshake<T>(attempt: number, identify: (traceContext?: TraceCarrier) => Promise<T>): Promise<T>;
  /** The attempt failed; another follows after reconnectInterval unless it was the last. */
  handshakeFailed(attempt: number, failure: ConnectionFailure): void;
  /** The handshake named the peer (hex PKI-ID). */
  identified(pkiId: string): void;
  /** The membership request with this nonce is out; sendUntilAcked reports to the result. */
  awaitingAck(nonce: bigint): AckedSendObserver;
  /** Settled: connected when no failure is given, given up otherwise. */
  settled(failure?: ConnectionFailure): void;
}

/** The handling of one membership request, answered or dropped. */
export interface MembershipRequestObserver {
  dropped(reason: string, detail: string): void;
  /** The requester may not learn about us: the connection is closed instead. */
  refused(detail: string): void;
  responded(aliveCount: number, deadCount: number): void;
  failed(err: unknown): void;
  end(): void;
}
