// Why a received message was dropped. Every layer that handles messages drops
// some (comm: too large or overflowing; the router: untagged or unsupported;
// discovery and the identity pull: unauthentic, stale or invalid), so the
// vocabulary sits with the messages, below all of them; metrics import it.

export const DROP_REASONS = [
  "malformed",
  "too_large",
  "bad_tag",
  "unsupported",
  "bad_signature",
  "unknown_identity",
  "invalid",
  "duplicate",
  "stale",
  "overflow",
  /** A pull digest or request answering nothing we sent (or sent too long ago). */
  "unsolicited",
  /** To send on a connection that closed once dialed (Fabric's "connection is closing"). */
  "closed",
  /** To send on a dial that timed out while this node was stalled (comm; the peer is not presumed dead). */
  "stalled",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
