// The admin server: a Fastify app that exposes one node, through NodeView only,
// on its own port (CORE_OPERATIONS_LISTENADDRESS). Routes are plugins by
// concern; this file wires them, the error shape, logging, auth and TLS.
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import type { Logger } from "pino";
import type { NodeView } from "../node/node-view.js";
import { moduleLogger } from "../observability/logger.js";
import { formatHostPort, type HostPort, parseHostPort } from "../util/host-port.js";
import { mutationGuard, mutationPolicy } from "./auth.js";
import { errorHandler, frameworkErrorHandler, notFoundHandler } from "./errors.js";
import { type EventStreamOptions, eventsRoutes } from "./events.js";
import { logSpecRoutes } from "./logspec.js";
import { membersRoutes } from "./members.js";
import { metricsRoutes } from "./metrics.js";
import { openApiDocument, openApiRoutes } from "./openapi.js";
import { peersRoutes } from "./peers.js";
import { type CompilersFactory, precompiledCompilers } from "./precompiled.js";
import { probesRoutes } from "./probes.js";
import { SHARED_SCHEMAS } from "./schemas.js";
import { selfRoutes } from "./self.js";

interface AdminTlsOptions {
  certFile: string;
  keyFile: string;
  /** CA certificates (PEM files) that client certificates must chain to. */
  clientRootCAs?: string[];
  /** Require a client certificate (Fabric's CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED). */
  clientAuthRequired?: boolean;
}

export interface AdminServerOptions {
  node: NodeView;
  /** The node's root pino logger: /logspec changes its level and its children's. */
  logger: Logger;
  /** host:port ([v6]:port for IPv6); port 0 picks a free one. An empty host means every interface. */
  listenAddress: string;
  /** When set, mutating routes need `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  tls?: AdminTlsOptions;
  version: { version: string; commitSha: string };
  /** Server-Sent Events tuning (heartbeat, slow-reader bounds, subscriber cap). */
  events?: EventStreamOptions;
}

export interface AdminServer {
  app: FastifyInstance;
  /** The address actually listened on, host:port. */
  address: string;
  close(): Promise<void>;
}

/** Splits host:port, [v6]:port or :port. Throws on anything else. */
export function parseListenAddress(address: string): HostPort {
  return parseHostPort(address, { allowPortZero: true, allowEmptyHost: true });
}

/** Per-request lines at debug: probes and scrapes would otherwise flood the info log. */
class QuietLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, "incoming request");
  }
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = { res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.warn({ ...fields, err: error }, "request errored");
    else request.log.debug(fields, "request completed");
  }
}

async function httpsOptions(tls: AdminTlsOptions) {
  const read = (file: string, what: string) =>
    readFile(file, "utf8").catch((err: Error) => {
      throw new Error(`Admin TLS: cannot read the ${what} ${file}: ${err.message}`);
    });
  const [cert, key, ...cas] = await Promise.all([
    read(tls.certFile, "certificate"),
    read(tls.keyFile, "key"),
    ...(tls.clientRootCAs ?? []).map((file) => read(file, "client root CA")),
  ]);
  const requireClientCert = tls.clientAuthRequired === true;
  return {
    cert,
    key,
    ...(cas.length > 0 ? { ca: cas } : {}),
    requestCert: requireClientCert,
    rejectUnauthorized: requireClientCert,
  };
}

/**
 * The app with every route, not listening: drive it with inject() or supertest on app.server.
 * Its validators and serializers are the build's (src/admin/precompiled.ts); the build's
 * generator passes its own compilers to record them.
 */
export async function createAdminApp(
  options: AdminServerOptions,
  compilers: CompilersFactory = precompiledCompilers,
): Promise<FastifyInstance> {
  const { node, logger, version } = options;
  const { host } = parseListenAddress(options.listenAddress);
  const log = moduleLogger(logger, "admin");

  const policy = mutationPolicy(host, options.adminToken);
  if (policy.kind === "refused") log.warn(`admin API: ${policy.why}`);
  const guard = mutationGuard(policy);

  const https = options.tls ? await httpsOptions(options.tls) : null;
  const document = openApiDocument({
    createApp: () => newApp(log, null, compilers),
    registerRoutes,
    version: version.version,
  });
  async function registerRoutes(app: FastifyInstance): Promise<void> {
    for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
    await app.register(selfRoutes, { node });
    await app.register(membersRoutes, { node });
    await app.register(peersRoutes, { node, guard });
    await app.register(eventsRoutes, { node, ...options.events });
    await app.register(probesRoutes, { node, version });
    await app.register(logSpecRoutes, { logger, guard });
    await app.register(metricsRoutes, { node });
    await app.register(openApiRoutes, { document });
  }

  const app = newApp(log, https, compilers);
  await registerRoutes(app);
  return app;
}

/** A Fastify app with the admin API's options, error shape and logging, and no route yet. */
function newApp(
  log: Logger,
  https: Awaited<ReturnType<typeof httpsOptions>> | null,
  compilers: CompilersFactory,
): FastifyInstance {
  // Fastify's overloads type the instance by server kind; the admin API uses it as a plain instance.
  const app = Fastify({
    loggerInstance: log,
    logController: new QuietLogController(),
    https,
    schemaController: { compilersFactory: compilers },
    frameworkErrors: frameworkErrorHandler,
    // Long enough that the PKI-ID schema, not the router, judges a long path parameter.
    routerOptions: { maxParamLength: 512 },
  }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  return app;
}

/** Creates the app and listens on options.listenAddress. */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const app = await createAdminApp(options);
  const { host, port } = parseListenAddress(options.listenAddress);
  try {
    await app.listen({ host: host === "" ? "0.0.0.0" : host, port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const bound = app.server.address() as AddressInfo;
  return {
    app,
    address: formatHostPort({ host: bound.address, port: bound.port }),
    close: () => app.close(),
  };
}
