// The node's logging spec at run time, as Fabric's operations endpoint serves it:
// GET answers the active spec, PUT activates a new one (per-module levels included)
// on the node's module loggers at once. PUT takes Fabric's documented call,
// `curl -X PUT -d '{"spec":"debug"}'`, which curl sends as form-encoded: on this
// route any content type (or none) is read as the JSON document it is.
import type { FastifyPluginAsync, onRequestHookHandler } from "fastify";
import type { Logger } from "pino";
import { formatLogSpec, type LogSpec, LogSpecError, parseLogSpec } from "../observability/log-spec.js";
import { logLevelsOf } from "../observability/logger.js";
import { BadRequestError } from "./errors.js";
import {
  BEARER_SECURITY,
  type LogSpecBody,
  logSpecSchema,
  mutationErrors,
  noContentSchema,
  withErrors,
} from "./schemas.js";

/** Far above any real spec; the body is read before the schema's maxLength can judge it. */
const LOG_SPEC_BODY_LIMIT = 4096;

export interface LogSpecRoutesOptions {
  /** Any of the node's loggers: its LogLevels are the ones changed. */
  logger: Logger;
  guard: onRequestHookHandler;
}

function jsonBody(
  _request: unknown,
  body: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
) {
  try {
    done(null, JSON.parse(body.toString()));
  } catch {
    done(new BadRequestError("body", 'The body is not JSON; send {"spec":"<Fabric logging spec>"}'));
  }
}

export const logSpecRoutes: FastifyPluginAsync<LogSpecRoutesOptions> = async (app, { logger, guard }) => {
  const levels = logLevelsOf(logger);
  // Encapsulated in this plugin: only /logspec reads other content types as JSON.
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit: LOG_SPEC_BODY_LIMIT }, jsonBody);

  app.get(
    "/logspec",
    {
      schema: {
        operationId: "getLogSpec",
        summary: "The active logging spec",
        description: "Fabric's /logspec: the default level and the per-module levels in force.",
        tags: ["logging"],
        response: withErrors({ 200: { description: "Fabric's logspec shape", ...logSpecSchema } }),
      },
    },
    async () => ({ spec: levels.spec }),
  );

  app.put<{ Body: LogSpecBody }>(
    "/logspec",
    {
      onRequest: guard,
      bodyLimit: LOG_SPEC_BODY_LIMIT,
      schema: {
        operationId: "setLogSpec",
        summary: "Activate a logging spec",
        description:
          "Fabric's /logspec: sets the default and per-module levels at run time. Any content type (or none) is read as JSON, as Fabric's documented curl sends it.",
        tags: ["logging"],
        security: BEARER_SECURITY,
        body: logSpecSchema,
        response: withErrors({ 204: noContentSchema, ...mutationErrors }),
      },
    },
    async (request, reply) => {
      let spec: LogSpec;
      try {
        spec = parseLogSpec(request.body.spec);
      } catch (err) {
        if (err instanceof LogSpecError) throw new BadRequestError("spec", err.message);
        throw err;
      }
      // Recorded at info on whichever side of the change lets the admin module's info through.
      const log = request.log as Logger;
      const record = () =>
        log.info({ previous, spec: formatLogSpec(spec) }, "logging spec changed through the admin API");
      const previous = levels.spec;
      if (log.isLevelEnabled("info")) {
        record();
        levels.activate(spec);
      } else {
        levels.activate(spec);
        record();
      }
      return reply.code(204).send();
    },
  );
};
