// Why a message from the network was refused. The reason is stable: logs,
// metrics labels and the admin API all use it.

export type ProtocolFailureReason = "malformed" | "too_large" | "bad_tag" | "unsupported" | "bad_signature";

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    readonly reason: ProtocolFailureReason,
    message: string,
  ) {
    super(message);
  }
}
