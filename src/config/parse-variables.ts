// Phase 2 of loading: every variable of the table, parsed from the strongest source
// that sets it (environment, .env, core.yaml) or its default. A bad value is
// recorded as a problem and replaced by the default, so parsing always finishes and
// the cross-checks can skip settings that were already reported.
import { lookupKey } from "./core-yaml.js";
import { ConfigError, type ConfigSource } from "./errors.js";
import type { ConfigSources } from "./sources.js";
import { InvalidValueError } from "./values.js";
import { GOSSIP_ENDPOINT, PEER_ADDRESS, type Variable } from "./variables.js";

/** Where a value came from, as the operator would edit it. */
interface Origin {
  source: ConfigSource;
  /** What the operator edits: the variable name, or the core.yaml key path. */
  variable: string;
  where?: string;
}

export interface SourcedValue {
  value: string;
  source: ConfigSource;
}

/** The parsed value of every variable, with its origin and whether it failed to parse. */
export class ParsedVariables {
  /** Effective value and origin of every variable, keyed by environment variable name; secrets are "***". */
  readonly sources: Record<string, SourcedValue> = {};
  private readonly values = new Map<string, unknown>();
  private readonly origins = new Map<string, Origin>();
  private readonly failed = new Set<string>();

  /** The value of `v`; a variable missing from the table is a programming error. */
  get<T>(v: Variable<T>): T {
    if (!this.values.has(v.env)) throw new Error(`${v.env} is not in CONFIG_VARIABLES`);
    return this.values.get(v.env) as T;
  }

  /** True when none of `vs` was refused, so checks that involve them are meaningful. */
  ok(...vs: Variable<unknown>[]): boolean {
    return vs.every((v) => !this.failed.has(v.env));
  }

  origin(v: Variable<unknown>): Origin {
    return this.origins.get(v.env) ?? { source: "default", variable: v.env };
  }

  /** Sets `v` to a value derived from other settings (e.g. the gossip endpoint from the peer address). */
  derive<T>(v: Variable<T>, value: T): void {
    this.values.set(v.env, value);
    this.sources[v.env] = { value: v.format(value), source: "default" };
  }

  accept<T>(v: Variable<T>, origin: Origin, value: T): void {
    this.values.set(v.env, value);
    this.origins.set(v.env, origin);
    this.sources[v.env] = { value: v.secret ? "***" : v.format(value), source: origin.source };
  }

  useDefault<T>(v: Variable<T>, cwd: string, failed: boolean): void {
    const value = v.resolvePaths(v.defaultValue, cwd);
    this.values.set(v.env, value);
    this.origins.set(v.env, { source: "default", variable: v.env });
    this.sources[v.env] = { value: v.format(value), source: "default" };
    if (failed) this.failed.add(v.env);
  }
}

/** Parses every variable in `table`; problems are appended to `sources.problems`. */
export function parseVariables(
  table: readonly Variable<unknown>[],
  sources: ConfigSources,
  cwd: string,
): ParsedVariables {
  const parsed = new ParsedVariables();
  const badSections = new Set<string>();
  for (const v of table) {
    if (parseFromEnvironment(v, sources, cwd, parsed)) continue;
    if (parseFromFile(v, sources, cwd, parsed, badSections)) continue;
    parsed.useDefault(v, cwd, false);
  }
  return parsed;
}

/** Defaults that are other settings' values, as in Fabric: the gossip endpoint is the peer address. */
export function deriveDefaults(p: ParsedVariables): void {
  if (p.get(GOSSIP_ENDPOINT) === "") p.derive(GOSSIP_ENDPOINT, p.get(PEER_ADDRESS));
}

/**
 * true when the source sets `v` (accepted, or refused: then it falls back to the default
 * and counts as failed); false when the source does not set it.
 */
function parseFromEnvironment<T>(
  v: Variable<T>,
  sources: ConfigSources,
  cwd: string,
  parsed: ParsedVariables,
): boolean {
  const given = sources.fromEnvironment(v.env);
  if (given === undefined) return false;
  const origin: Origin =
    given.source === "dotenv"
      ? { source: "dotenv", variable: v.env, where: ".env" }
      : { source: "env", variable: v.env };
  const parse = () => v.resolvePaths(v.fromText(given.text), cwd);
  return tryAccept(v, { origin, shown: given.text, parse }, sources, parsed, cwd);
}

function parseFromFile<T>(
  v: Variable<T>,
  sources: ConfigSources,
  cwd: string,
  parsed: ParsedVariables,
  badSections: Set<string>,
): boolean {
  const { file } = sources;
  if (file === undefined || v.key === undefined) return false;
  const found = lookupKey(file.root, v.key);
  if (found.kind === "not-a-mapping") {
    if (!badSections.has(found.at)) {
      badSections.add(found.at);
      sources.problems.push(
        new ConfigError({
          variable: found.at,
          where: file.name,
          source: "file",
          expected: "a mapping of settings",
          hint: `got ${Array.isArray(found.value) ? "a list" : JSON.stringify(found.value)}`,
        }),
      );
    }
    parsed.useDefault(v, cwd, true);
    return true;
  }
  if (found.kind !== "value") return false;
  const origin: Origin = { source: "file", variable: v.key, where: file.name };
  const shown = typeof found.value === "object" ? undefined : String(found.value);
  const parse = () => v.resolvePaths(v.fromYaml(found.value), file.dir);
  return tryAccept(v, { origin, shown, parse }, sources, parsed, cwd);
}

/** Accepts the parsed value, or records the problem and falls back to the default; true either way. */
function tryAccept<T>(
  v: Variable<T>,
  given: { origin: Origin; shown: string | undefined; parse: () => T },
  sources: ConfigSources,
  parsed: ParsedVariables,
  cwd: string,
): boolean {
  try {
    parsed.accept(v, given.origin, given.parse());
  } catch (err) {
    if (!(err instanceof InvalidValueError)) throw err;
    sources.problems.push(invalidValue(v, given.origin, err, given.shown));
    parsed.useDefault(v, cwd, true);
  }
  return true;
}

function invalidValue(
  v: Variable<unknown>,
  origin: Origin,
  err: InvalidValueError,
  shown: string | undefined,
): ConfigError {
  return new ConfigError({
    variable: origin.variable,
    expected: err.expected,
    source: origin.source,
    ...(origin.where === undefined ? {} : { where: origin.where }),
    ...(shown === undefined || v.secret ? {} : { value: shown }),
    ...(err.hint === undefined ? {} : { hint: err.hint }),
  });
}
