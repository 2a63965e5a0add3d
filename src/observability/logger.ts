// pino, as Fastify uses it. Each node owns a root logger (createLogger); each
// module takes a child bound to its name, `logger.child({ module: "gossip.comm" })`,
// and that binding is what FABRIC_LOGGING_SPEC and /logspec address: a module
// child's level follows the node's spec, now and after every change at run time.
//
// Field names are the admin API's, in every format: `pki_id`, `msp_id`,
// `endpoint` (a remote peer's address, the one name for it), `internal_endpoint`;
// `node` names this node (CORE_PEER_ID) and `module` the module.
import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import { consoleDestination, type LogFormat } from "./log-format.js";
import { formatLogSpec, type LogLevel, type LogSpec, levelOfModule, parseLogSpec } from "./log-spec.js";

export type { Logger } from "pino";

/** The modules of a node, named as Fabric names its own loggers where Fabric has the module. */
export type LogModule =
  | "gossip.comm"
  | "gossip.discovery"
  | "gossip.pull"
  | "gossip.node"
  | "admin"
  | "tracing"
  | "cli";

export interface CreateLoggerOptions {
  /** A Fabric logging spec ("info", "gossip.discovery=debug:info") or a parsed one. Default info. */
  spec?: string | LogSpec;
  /** json (default) for machines, console for people. */
  format?: LogFormat;
  /** Fields on every line, e.g. `{ node: "peer0" }`. */
  base?: Record<string, unknown>;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

/** The levels of one node's loggers, driven by a Fabric spec. */
class LogLevels {
  private active: LogSpec;
  /** Module loggers, weakly: a module logger nobody holds any more is not kept alive for the spec's sake. */
  private readonly moduleLoggers = new Set<WeakRef<Logger>>();
  private pruneAt = 64;

  constructor(
    private readonly root: Logger,
    spec: LogSpec,
  ) {
    this.active = spec;
    root.level = spec.defaultLevel;
  }

  /** The active spec, normalised as Fabric's GET /logspec prints it. */
  get spec(): string {
    return formatLogSpec(this.active);
  }

  levelOf(module: string): LogLevel {
    return levelOfModule(this.active, module);
  }

  /** Parses and applies a spec to the root and every module logger; throws LogSpecError, changing nothing. */
  activate(spec: string | LogSpec): void {
    this.active = typeof spec === "string" ? parseLogSpec(spec) : spec;
    this.root.level = this.active.defaultLevel;
    for (const ref of this.moduleLoggers) {
      const logger = ref.deref();
      if (logger === undefined) this.moduleLoggers.delete(ref);
      else logger.level = this.levelOf(moduleOf(logger) ?? "");
    }
  }

  /**
   * pino's onChild: a child whose `module` differs from its parent's is a module logger and
   * takes its level from the spec; other children (per-request loggers...) keep following
   * their parent, as pino children do until their own level is set.
   */
  adopt(child: Logger): void {
    const module = moduleOf(child);
    if (module === undefined || module === moduleOf(Object.getPrototypeOf(child) as Logger)) return;
    child.level = this.levelOf(module);
    this.moduleLoggers.add(new WeakRef(child));
    if (this.moduleLoggers.size >= this.pruneAt) {
      for (const ref of this.moduleLoggers) if (ref.deref() === undefined) this.moduleLoggers.delete(ref);
      this.pruneAt = Math.max(64, this.moduleLoggers.size * 2);
    }
  }
}

const LOG_LEVELS_KEY = Symbol("fabric-gossip-node.logLevels");
type WithLevels = Logger & { [LOG_LEVELS_KEY]?: LogLevels };

function moduleOf(logger: Logger): string | undefined {
  const module: unknown = logger.bindings().module;
  return typeof module === "string" ? module : undefined;
}

/**
 * The LogLevels of the node `logger` belongs to (any of its loggers will do: children
 * inherit the root's). A pino logger made elsewhere is given its own, from its level.
 */
export function logLevelsOf(logger: Logger): LogLevels {
  const found = (logger as WithLevels)[LOG_LEVELS_KEY];
  if (found !== undefined) return found;
  const levels = new LogLevels(logger, parseLogSpec(logger.level));
  Object.defineProperty(logger, LOG_LEVELS_KEY, { value: levels });
  const previous = logger.onChild;
  logger.onChild = (child) => {
    previous(child);
    levels.adopt(child);
  };
  return levels;
}

/** A node's root logger, its levels from a Fabric spec; one per node, never shared. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const spec = typeof options.spec === "string" ? parseLogSpec(options.spec) : options.spec;
  const pinoOptions: LoggerOptions = {
    level: "info",
    base: options.base ?? null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const destination =
    options.format === "console"
      ? consoleDestination(options.destination ?? process.stdout)
      : options.destination;
  const root = destination ? pino(pinoOptions, destination) : pino(pinoOptions);
  const levels = logLevelsOf(root);
  if (spec) levels.activate(spec);
  return root;
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return createLogger({ spec: "silent" });
}

/** The child logger of one module; the same as `parent.child({ module })`, with the name checked. */
export function moduleLogger(parent: Logger, module: LogModule): Logger {
  return parent.child({ module });
}
