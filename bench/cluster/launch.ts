// How a member is launched: as the kernel would run the CLI file through its
// `#!` line (so V8 flags an operator gets from the shebang are measured too),
// but always on the node binary the benchmark chooses (--node, by default the
// one running the benchmark), so the Node.js version is controlled. Only node
// shebangs are accepted: a shell launcher would put another process between the
// benchmark and the member it measures through /proc.
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { UsageError } from "../command-line.js";
import type { CliUnderTest } from "./options.js";

/** Longest first line read; Linux itself reads at most 256 bytes of a `#!` line. */
const MAX_SHEBANG_BYTES = 256;

/** A CLI file whose `#!` line the benchmark cannot honour; the message says why. */
export class ShebangError extends Error {
  override readonly name = "ShebangError";
}

/** What a `#!` line runs: node with `args`, under env's `NAME=VALUE` assignments (`env -S NAME=VALUE node ...`). */
interface ShebangCommand {
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
}

/** A CLI under test as the benchmark runs it: the node binary, the assignments and flags of its `#!` line, the file. */
export interface CliLaunch {
  readonly label: string;
  readonly nodeBinary: string;
  readonly shebang: ShebangCommand;
  readonly cli: string;
}

/** A process to spawn: `file` with `args`, its environment with `env` set over it (as env(1) does). */
export interface LaunchCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** One word of env -S's string: quoted and bare parts, up to an unquoted blank. */
const ENV_WORD = /(?:"[^"]*"|'[^']*'|[^\s"'])+/g;

/**
 * Splits env -S's string into words on unquoted blanks; '…' and "…" quote, and quoted and bare
 * parts of one word join (--x='a b' is one word). Escapes and ${VAR}, which env would expand, are refused.
 */
function splitEnvString(text: string): string[] {
  if (/[\\$]/.test(text)) throw new ShebangError(`env -S escapes and variables are not supported: ${text}`);
  if (text.replace(ENV_WORD, "").trim() !== "") throw new ShebangError(`env -S: unbalanced quote: ${text}`);
  return [...text.matchAll(ENV_WORD)].map(([word]) => word.replace(/"([^"]*)"|'([^']*)'/g, "$1$2"));
}

/** env's NAME=VALUE words come before the command it runs. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

function nodeCommand(words: readonly string[], line: string): ShebangCommand {
  const env: Record<string, string> = {};
  let at = 0;
  for (; at < words.length; at++) {
    const assignment = ASSIGNMENT.exec(words[at] as string);
    if (!assignment) break;
    env[assignment[1] as string] = assignment[2] as string;
  }
  const [interpreter, ...args] = words.slice(at);
  if (interpreter === undefined || basename(interpreter) !== "node")
    throw new ShebangError(`the #! line does not run node: ${line}`);
  return { env, args };
}

/**
 * The node flags (and env assignments) a CLI's first line asks for. The kernel passes everything
 * after the interpreter as one argument, so `#!/usr/bin/env node` runs node with none, `#!/usr/bin/env -S
 * [NAME=VALUE ...] node ARGS` lets env split the rest, and `#!/path/node ARG` gives node ARG as it is.
 */
export function shebangCommand(firstLine: string): ShebangCommand {
  const line = firstLine.replace(/\r?\n$/, "");
  const match = /^#!\s*(\S+)(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
  if (!match) throw new ShebangError("no #! line: the kernel would not run it");
  const interpreter = match[1] as string;
  const argument = match[2];
  if (basename(interpreter) !== "env")
    return nodeCommand([interpreter, ...(argument ? [argument] : [])], line);
  if (argument === undefined) throw new ShebangError(`env without a command: ${line}`);
  const split = /^-S\s*(.*)$/.exec(argument);
  if (split) return nodeCommand(splitEnvString(split[1] as string), line);
  // Without -S, env looks for a program named by the whole argument, blanks included.
  if (/\s/.test(argument))
    throw new ShebangError(`env would look for a program named "${argument}": ${line}`);
  return nodeCommand([argument], line);
}

/** The first line of a file, at most MAX_SHEBANG_BYTES long. */
async function firstLine(path: string): Promise<string> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(MAX_SHEBANG_BYTES);
    const { bytesRead } = await file.read(buffer, 0, MAX_SHEBANG_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const end = text.indexOf("\n");
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await file.close();
  }
}

/** `node [shebang flags] [extraFlags] cli start`; extraFlags are e.g. a profiler's --import. */
export function startCommand(launch: CliLaunch, extraFlags: readonly string[] = []): LaunchCommand {
  return {
    file: launch.nodeBinary,
    args: [...launch.shebang.args, ...extraFlags, launch.cli, "start"],
    env: launch.shebang.env,
  };
}

/** A command line as a shell would read it back (for the report header), env's assignments first. */
export function commandLine(command: LaunchCommand): string {
  const quote = (word: string) =>
    /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
  const assignments = Object.entries(command.env).map(([name, value]) => `${name}=${value}`);
  return [...assignments, command.file, ...command.args].map(quote).join(" ");
}

/** Each CLI's launch, its #! line read; a usage error when a file or the node binary is missing or unusable. */
export async function launchesOf(clis: readonly CliUnderTest[], nodeBinary: string): Promise<CliLaunch[]> {
  if (!existsSync(nodeBinary)) throw new UsageError(`--node ${nodeBinary} does not exist`);
  const launches: CliLaunch[] = [];
  for (const cli of clis) {
    if (!existsSync(cli.path))
      throw new UsageError(`${cli.path} does not exist: build it first (npm run build)`);
    try {
      const shebang = shebangCommand(await firstLine(cli.path));
      launches.push({ label: cli.label, nodeBinary, shebang, cli: cli.path });
    } catch (err) {
      if (err instanceof ShebangError) throw new UsageError(`${cli.path}: ${err.message}`);
      throw err;
    }
  }
  return launches;
}
