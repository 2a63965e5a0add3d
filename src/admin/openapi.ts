// The OpenAPI document, generated from the routes' own schemas, at /openapi.json.
// @fastify/swagger collects routes as they are added, so it must be registered before
// them; the shared schemas become components named by their $id.
//
// The document is generated on its first request, not at start-up: loading @fastify/swagger
// and running it while the routes are registered was part of every start's CPU (bench/RESULTS.md,
// "Issue 8, round three"), for a document few ever ask for. It is generated on a second app,
// never listening, on which the admin server registers the very same routes.
import type { SwaggerOptions } from "@fastify/swagger";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import { openApiResponseSchema, withErrors } from "./schemas.js";

/** How the admin server builds an app (not listening) and registers its routes on it. */
interface DocumentSource {
  createApp(): FastifyInstance;
  registerRoutes(app: FastifyInstance): Promise<void>;
  version: string;
}

/** The document, generated once on first call; a failed attempt is retried on the next call. */
export function openApiDocument(source: DocumentSource): () => Promise<unknown> {
  let document: Promise<unknown> | undefined;
  return () => {
    document ??= generate(source).catch((err: unknown) => {
      document = undefined;
      throw err;
    });
    return document;
  };
}

async function generate({ createApp, registerRoutes, version }: DocumentSource): Promise<unknown> {
  const { default: swagger } = await import("@fastify/swagger");
  const app = createApp();
  try {
    await app.register(swagger, swaggerOptions(version));
    await registerRoutes(app);
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}

function swaggerOptions(version: string): SwaggerOptions {
  return {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "fabric-gossip-node admin API",
        description:
          "Membership queries, connection diagnostics, probes, metrics and log level of a Hyperledger Fabric " +
          "gossip membership node. PKI-IDs are hex; times are RFC 3339.",
        version,
        contact: { name: "fabric-gossip-node" },
        license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
      },
      // Relative: the document is served by the admin server it describes.
      servers: [{ url: "/", description: "This admin server" }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description:
              "The admin token (FGN_ADMIN_TOKEN). Mutating routes need it when one is configured; without one " +
              "they are open on a loopback listen address only, and refused beyond it.",
          },
        },
      },
      tags: [
        { name: "membership", description: "This node and its membership view" },
        { name: "connections", description: "Dialed and connected endpoints" },
        { name: "probes", description: "Kubernetes probes and version (Fabric's operations shapes)" },
        { name: "logging", description: "Log level at run time (Fabric's /logspec)" },
        { name: "metrics", description: "Prometheus" },
        { name: "docs", description: "This document" },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
  };
}

/** Not typed by its schema: the document's own type (OpenAPI's) is stricter than "an object". */
export const openApiRoutes: FastifyPluginAsync<{ document: () => Promise<unknown> }> = async (
  app,
  { document },
) => {
  app.get(
    "/openapi.json",
    {
      schema: {
        operationId: "getOpenApi",
        summary: "OpenAPI 3 document of this API",
        description: "Generated from the routes' own schemas.",
        tags: ["docs"],
        response: withErrors({ 200: openApiResponseSchema }),
      },
    },
    () => document(),
  );
};
