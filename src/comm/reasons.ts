// The closed sets of reasons comm reports: the `reason` label of the handshake
// failure and refused-connection metrics, and of comm's log lines. They live with
// the code that decides them; the metrics module only registers them.

export const HANDSHAKE_FAILURE_REASONS = [
  "dial",
  "timeout",
  "bad_signature",
  "pki_id_mismatch",
  "untrusted_identity",
  "tls_hash_mismatch",
  "malformed",
  "too_large",
  "closed",
  "self",
  "capacity",
  /** A dial whose deadline fired long after it was due: this process was stalled, not the peer. */
  "stalled",
] as const;
export type HandshakeFailureReason = (typeof HANDSHAKE_FAILURE_REASONS)[number];

/** Why an inbound TCP connection was closed before it carried a handshaked stream. */
export const CONNECTION_REFUSAL_REASONS = ["capacity", "address_capacity", "handshake_deadline"] as const;
export type ConnectionRefusalReason = (typeof CONNECTION_REFUSAL_REASONS)[number];

/** What happened to a stream in the connection store; the label of gossip_comm_streams_total. */
export const STREAM_EVENTS = ["registered", "replaced", "dropped", "closed"] as const;
export type StreamEvent = (typeof STREAM_EVENTS)[number];
