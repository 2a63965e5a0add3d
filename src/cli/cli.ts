// The fabric-gossip-node command (loaded by main.ts): dispatches to the commands of
// commands.ts and turns every error an operator can fix into one line and an exit code.
import { parseArgs } from "node:util";
import { ConfigErrors } from "../config/errors.js";
import { MspLoadError } from "../identity/errors.js";
import { HostPortError } from "../util/host-port.js";
import { COMMANDS, type Command } from "./commands.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ListenError, UnreachableError, UsageError } from "./errors.js";
import { StartupCheckError } from "./startup-checks.js";
import { packageVersion } from "./version.js";

const USAGE = `Usage: fabric-gossip-node <command> [options]

A Hyperledger Fabric gossip membership node with an admin API, Prometheus
metrics and OpenTelemetry traces.

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.summary}`)
  .join("\n")}

Run fabric-gossip-node <command> --help for a command's options.

Options:
  -h, --help                     show this help
  -v, --version                  print the version

Exit codes: 0 success, 1 failure, 2 bad configuration or usage.`;

const print = (line: string) => process.stdout.write(`${line}\n`);

/**
 * grpc-js passes an IP address as the TLS server name when dialing an IP
 * endpoint, and Node warns about it (DEP0123) on every such process. The
 * certificate is still verified against the IP; the warning only alarms
 * operators, so it alone is silenced. Every other warning prints as usual.
 */
function silenceKnownWarnings(): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning: Error & { code?: string }) => {
    if (warning.code === "DEP0123") return;
    process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
  });
}

/** A reader that went away (`certs … | head -1`) ends the command quietly, as Unix tools do. */
function exitQuietlyOnClosedStdout(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(process.exitCode ?? EXIT_OK);
  });
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const command = first === undefined || first.startsWith("-") ? undefined : COMMANDS[first];
  if (first !== undefined && !first.startsWith("-") && command === undefined) {
    throw new UsageError(`unknown command "${first}"`);
  }
  if (command === undefined) return runGlobalFlags(argv);
  return runCommand(command, rest);
}

function runGlobalFlags(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" } },
  });
  if (values.version) {
    print(packageVersion());
    return EXIT_OK;
  }
  print(USAGE);
  return values.help ? EXIT_OK : EXIT_USAGE;
}

async function runCommand(command: Command, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...command.options, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    print(command.help);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  await command.run(values, print);
  return EXIT_OK;
}

/** Errors the operator fixes by changing the command line, the configuration or a file. */
const USAGE_ERRORS = [ConfigErrors, MspLoadError, UsageError, ListenError, StartupCheckError, HostPortError];

/** The exit code for `err`, having written it as one line (a stack only for the unexpected). */
function reportError(err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  if (USAGE_ERRORS.some((type) => err instanceof type)) {
    process.stderr.write(`fabric-gossip-node: ${message}\n`);
    if (err instanceof UsageError) process.stderr.write("run fabric-gossip-node --help for usage\n");
    return EXIT_USAGE;
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`fabric-gossip-node: ${message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof UnreachableError) {
    process.stderr.write(`fabric-gossip-node: ${message}\n`);
    return EXIT_FAILURE;
  }
  process.stderr.write(`fabric-gossip-node: ${(err as Error)?.stack ?? String(err)}\n`);
  return EXIT_FAILURE;
}

silenceKnownWarnings();
exitQuietlyOnClosedStdout();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);
