// The progress of each connect() target, for the admin API's GET /v1/peers:
// why a member is, or is not, in the view.
import type { CommFailureReason } from "../comm/errors.js";
import type { DiscoveryFailureReason } from "./errors.js";

export type ConnectionState =
  /** Registered, first handshake not started yet: connect() was called before discovery started. */
  | "connecting"
  /** identify() (the handshake probe) is running. */
  | "handshaking"
  /** The membership request is out; waiting for the response carrying its nonce. */
  | "awaiting_ack"
  /** A membership response acked the request. */
  | "connected"
  /** The last handshake failed; another attempt follows after reconnectInterval. */
  | "failed"
  /** No more attempts (exhausted, stopped, or the endpoint is this node). */
  | "gave_up";

/** Why a connect failed: discovery's own reasons, or comm's when the handshake failed there. */
export type ConnectionFailureReason = DiscoveryFailureReason | CommFailureReason;

export interface ConnectionFailure {
  readonly reason: ConnectionFailureReason;
  readonly message: string;
}

export interface ConnectionError extends ConnectionFailure {
  /** Clock ms. */
  readonly at: number;
}

export interface ConnectionStatus {
  /** The endpoint connect() dials: the internal endpoint when given, else the external one. */
  readonly endpoint: string;
  readonly bootstrap: boolean;
  readonly state: ConnectionState;
  /** Handshake attempts so far. */
  readonly attempts: number;
  /** Membership requests sent (sendUntilAcked attempts). */
  readonly requestAttempts: number;
  /** Hex PKI-ID once a handshake identified the peer. */
  readonly pkiId: string | undefined;
  readonly lastError: ConnectionError | undefined;
  /** Clock ms of the last successful handshake. */
  readonly lastHandshakeAt: number | undefined;
  /** The nonce awaiting its ack, as a decimal string (a uint64 does not fit a JSON number). */
  readonly pendingNonce: string | undefined;
  readonly startedAt: number;
  readonly connectedAt: number | undefined;
}
