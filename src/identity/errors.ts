// Typed errors of the identity layer.
// IdentityError carries a stable `reason` that callers map to metrics, logs and
// protocol decisions; MspLoadError names the file or folder an operator must fix.

/** Why a remote identity (or a key/cert pair) was refused; stable strings, safe as metric labels. */
export type IdentityFailureReason =
  | "malformed"
  | "unknown_msp"
  | "untrusted_ca"
  | "expired"
  | "not_yet_valid"
  | "bad_key"
  | "is_ca"
  | "missing_ou"
  | "pki_id_mismatch"
  | "bad_signature";

/** An identity failed a check; `reason` says which one. */
export class IdentityError extends Error {
  readonly reason: IdentityFailureReason;

  constructor(reason: IdentityFailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IdentityError";
    this.reason = reason;
  }
}

/**
 * A short, printable excerpt of an untrusted string for an error message: identity
 * errors are logged and sent back in gRPC status details, so a peer must not be able
 * to put more than a few dozen characters of its own (or control characters) there.
 */
export function excerpt(value: string, max = 64): string {
  const cut = value.length > max ? `${value.slice(0, max)}...` : value;
  return cut.replace(/[^\x20-\x7e]/g, "?");
}

/** An MSP directory could not be loaded; `path` is the file or folder at fault. */
export class MspLoadError extends Error {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.name = "MspLoadError";
    this.path = path;
  }
}
