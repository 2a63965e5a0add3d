// Fabric's logging spec (FABRIC_LOGGING_SPEC, PUT /logspec), read the way
// Fabric's flogging reads it: ":"-separated segments, each either a level (the
// default; the last one wins) or "module[,module...]=level". A module's level is
// that of its longest dotted prefix named in the spec: "gossip=debug" covers
// gossip.comm and gossip.discovery; a trailing dot ("gossip.=debug") names one
// module exactly, without its children.

/** pino's level names: the levels a spec resolves to. */
const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fabric's (zap's) level names, case-insensitive, as pino levels; pino's own names are accepted too. */
const LEVEL_NAMES: Readonly<Record<string, LogLevel>> = {
  payload: "trace",
  trace: "trace",
  debug: "debug",
  info: "info",
  notice: "info",
  warn: "warn",
  warning: "warn",
  error: "error",
  critical: "error",
  dpanic: "fatal",
  panic: "fatal",
  fatal: "fatal",
  silent: "silent",
};

/** Fabric's logger-name rule, checked after one trailing "." is removed. */
const MODULE_NAME = /^[A-Za-z0-9_#-]+(\.[A-Za-z0-9_#-]+)*$/;

export interface LogSpec {
  readonly defaultLevel: LogLevel;
  /** Module name (or exact name with a trailing ".") to level. */
  readonly modules: ReadonlyMap<string, LogLevel>;
}

export class LogSpecError extends Error {
  override readonly name = "LogSpecError";
  readonly reason = "invalid_log_spec";
}

function levelNamed(name: string): LogLevel | undefined {
  return Object.hasOwn(LEVEL_NAMES, name.toLowerCase()) ? LEVEL_NAMES[name.toLowerCase()] : undefined;
}

/** Parses a spec; throws LogSpecError with Fabric's wording. An empty segment means info, as in Fabric. */
export function parseLogSpec(text: string): LogSpec {
  const spec = text.trim();
  const invalid = (why: string) => new LogSpecError(`invalid logging specification '${spec}': ${why}`);
  let defaultLevel: LogLevel = "info";
  const modules = new Map<string, LogLevel>();
  for (const raw of spec.split(":")) {
    const segment = raw.trim();
    const parts = segment.split("=");
    if (parts.length > 2) throw invalid(`bad segment '${segment}'`);
    if (parts.length === 1) {
      // An empty segment resets the default to info, as Fabric's NameToLevel("") does.
      const level = segment === "" ? "info" : levelNamed(segment);
      if (level === undefined) throw invalid(`bad segment '${segment}'`);
      defaultLevel = level;
      continue;
    }
    const [names = "", levelName = ""] = parts;
    if (names.trim() === "") throw invalid(`no logger specified in segment '${segment}'`);
    const level = levelNamed(levelName.trim());
    if (level === undefined) throw invalid(`bad segment '${segment}'`);
    for (const rawName of names.split(",")) {
      const name = rawName.trim();
      if (!MODULE_NAME.test(name.endsWith(".") ? name.slice(0, -1) : name)) {
        throw invalid(`bad logger name '${name}'`);
      }
      modules.set(name, level);
    }
  }
  return { defaultLevel, modules };
}

/** The normalised spec, as Fabric prints it: module segments sorted, then the default level. */
export function formatLogSpec(spec: LogSpec): string {
  const segments = [...spec.modules].map(([name, level]) => `${name}=${level}`).sort();
  return [...segments, spec.defaultLevel].join(":");
}

/** The level of one module: its exact entry ("name."), else its longest named prefix, else the default. */
export function levelOfModule(spec: LogSpec, module: string): LogLevel {
  const exact = spec.modules.get(`${module}.`);
  if (exact !== undefined) return exact;
  for (let name = module; name !== ""; name = name.slice(0, Math.max(0, name.lastIndexOf(".")))) {
    const level = spec.modules.get(name);
    if (level !== undefined) return level;
  }
  return spec.defaultLevel;
}
