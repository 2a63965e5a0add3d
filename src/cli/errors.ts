// Exit codes the process uses, and the usage error that maps to one.

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Bad configuration or command line: fix the input, retrying will not help. */
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A node's admin API could not be read (down, refused, or answered with an error); exits EXIT_FAILURE. */
export class UnreachableError extends Error {
  override readonly name = "UnreachableError";
}

/** Errno codes that mean "this address cannot be listened on": the configuration must change. */
const LISTEN_FAILURE_CODES: readonly string[] = ["EADDRINUSE", "EACCES", "EADDRNOTAVAIL"];
const LISTEN_FAILURE_IN_MESSAGE = /\b(EADDRINUSE|EACCES|EADDRNOTAVAIL)\b/;

/** A server could not bind its configured address; exits EXIT_USAGE with one line naming both. */
export class ListenError extends Error {
  override readonly name = "ListenError";

  constructor(
    /** The variable that set the address, e.g. CORE_OPERATIONS_LISTENADDRESS. */
    readonly variable: string,
    readonly address: string,
    /** The errno code, one of LISTEN_FAILURE_CODES. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot listen on ${address} (${variable}): ${describeListenCode(code)}`, options);
  }

  /**
   * The listen failure code of `err`, if it is one. Node's net errors carry it as `code`;
   * gRPC's bind error only names it in its message.
   */
  static codeOf(err: unknown): string | undefined {
    const code = (err as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && LISTEN_FAILURE_CODES.includes(code)) return code;
    return LISTEN_FAILURE_IN_MESSAGE.exec(err instanceof Error ? err.message : "")?.[1];
  }
}

function describeListenCode(code: string): string {
  switch (code) {
    case "EADDRINUSE":
      return "the address is already in use (EADDRINUSE)";
    case "EACCES":
      return "permission denied, e.g. a port below 1024 (EACCES)";
    default:
      return "the address is not available on this host (EADDRNOTAVAIL)";
  }
}
