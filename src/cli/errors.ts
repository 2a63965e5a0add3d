// Exit codes the process uses, and the usage error that maps to one.

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Bad configuration or command line: fix the input, retrying will not help. */
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override readonly name = "UsageError";
}
