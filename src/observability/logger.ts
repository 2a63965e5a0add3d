// pino, as Fastify uses it. Each node owns a root logger; each module takes a
// child tagged with its name, so one node's logs can be filtered by module.
import { type Logger, type LoggerOptions, pino } from "pino";

export type { Logger } from "pino";

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({ level: "info", ...options });
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

export function moduleLogger(parent: Logger, module: string): Logger {
  return parent.child({ module });
}
