// Typed discovery failures. `reason` is stable: logs, the admin API's
// connection view and span statuses all use it.

export type DiscoveryFailureReason =
  /** The self member is misconfigured (e.g. no internal endpoint). */
  | "invalid_config"
  /** identify() (the handshake) failed; the cause says why. */
  | "handshake"
  /** The endpoint turned out to be this node itself. */
  | "self"
  /** A configured bootstrap peer belongs to another org (Fabric refuses those). */
  | "foreign_org"
  /** A membership request got no response within the ack timeout. */
  | "ack_timeout"
  /** Every attempt failed. */
  | "gave_up"
  /** Discovery stopped while the operation was in progress. */
  | "stopped";

export class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
  constructor(
    readonly reason: DiscoveryFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The abort reason stop() uses, so waits end with a recognisable error. */
export function stoppedError(): DiscoveryError {
  return new DiscoveryError("stopped", "discovery stopped");
}
