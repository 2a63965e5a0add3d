// The command line of every bench script: `--help` prints the usage; a bad
// command line prints what is wrong, then the usage, and exits with 2, never
// with a stack trace.
import { type ParseArgsConfig, parseArgs } from "node:util";

/** A bad command line; the message says which option and what it expects. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** parseArgs, strict; what node:util refuses (unknown options, missing values) is a UsageError. */
export function strictArgs<const T extends ParseArgsConfig["options"]>(
  argv: readonly string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals, options });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** A whole number written for `--option`, from min to max. */
export function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${option} expects a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** Runs a script's main with its arguments; its result (default 0) is the exit code. */
export async function runCommand(
  usage: string,
  main: (argv: readonly string[]) => Promise<number | undefined>,
): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help")) {
    console.log(usage);
    return;
  }
  try {
    process.exitCode = (await main(argv)) ?? 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    process.exitCode = 2;
  }
}
