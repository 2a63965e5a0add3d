// Typed comm failures. `reason` is the stable label logs, metrics and the
// admin API share; the message is for people.
import type { HandshakeFailureReason } from "./reasons.js";

export type CommFailureReason = HandshakeFailureReason | "stopped";

export class CommError extends Error {
  override readonly name = "CommError";
  constructor(
    readonly reason: CommFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bounds what the remote can make us log or echo in a gRPC status. */
export function excerpt(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** Fabric's wording, which operators search for. */
export const PKI_ID_MISMATCH_MESSAGE = "PKI-ID of remote peer doesn't match expected PKI-ID";
