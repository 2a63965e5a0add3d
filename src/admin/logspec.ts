// The log level at run time, as Fabric's /logspec. Setting the root logger's
// level reaches every module logger that did not pick its own, because pino
// children inherit their level from the parent until one is set on them.
import type { FastifyPluginAsync, onRequestHookHandler } from "fastify";
import type { Logger } from "pino";
import { BadRequestError } from "./errors.js";
import {
  BEARER_SECURITY,
  type LogSpecBody,
  logSpecSchema,
  mutationErrors,
  noContentSchema,
  withErrors,
} from "./schemas.js";

/** Fabric (zap) level names that pino spells differently. */
const FABRIC_ALIASES: Readonly<Record<string, string>> = { warning: "warn", panic: "fatal", dpanic: "fatal" };

/** The pino level a spec names, or a BadRequestError naming `spec`. */
export function levelOfSpec(spec: string, logger: Logger): string {
  const name = spec.trim().toLowerCase();
  if (name.includes("=") || name.includes(":")) {
    throw new BadRequestError(
      "spec",
      `Per-module log specs ("${spec}") are not supported; give one level for the whole node`,
    );
  }
  const level = FABRIC_ALIASES[name] ?? name;
  if (!Object.hasOwn(logger.levels.values, level)) {
    const known = [...Object.keys(logger.levels.values), ...Object.keys(FABRIC_ALIASES)].join(", ");
    throw new BadRequestError("spec", `Unknown log level "${spec}"; use one of ${known}`);
  }
  return level;
}

export interface LogSpecRoutesOptions {
  logger: Logger;
  guard: onRequestHookHandler;
}

export const logSpecRoutes: FastifyPluginAsync<LogSpecRoutesOptions> = async (app, { logger, guard }) => {
  app.get(
    "/logspec",
    {
      schema: {
        operationId: "getLogSpec",
        summary: "The current log level",
        description: "Fabric's /logspec: the level every module logs at.",
        tags: ["logging"],
        response: withErrors({ 200: { description: "Fabric's logspec shape", ...logSpecSchema } }),
      },
    },
    async () => ({ spec: logger.level }),
  );

  app.put<{ Body: LogSpecBody }>(
    "/logspec",
    {
      onRequest: guard,
      schema: {
        operationId: "setLogSpec",
        summary: "Change the log level",
        description: "Fabric's /logspec: sets the level of every module at run time.",
        tags: ["logging"],
        security: BEARER_SECURITY,
        body: logSpecSchema,
        response: withErrors({ 204: noContentSchema, ...mutationErrors }),
      },
    },
    async (request, reply) => {
      const level = levelOfSpec(request.body.spec, logger);
      const previous = logger.level;
      // Recorded at info on whichever side of the change lets info through.
      const record = () =>
        request.log.info({ from: previous, to: level }, "log level changed through the admin API");
      if (logger.isLevelEnabled("info")) {
        record();
        logger.level = level;
      } else {
        logger.level = level;
        record();
      }
      return reply.code(204).send();
    },
  );
};
