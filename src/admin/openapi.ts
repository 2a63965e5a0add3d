// The OpenAPI document, generated from the routes' own schemas, at /openapi.json.
// Registered before the routes: @fastify/swagger collects them as they are added.
// The shared schemas become components named by their $id.
import swagger from "@fastify/swagger";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import { openApiResponseSchema, SHARED_SCHEMAS, withErrors } from "./schemas.js";

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
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
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
}

/** Not typed by its schema: the document's own type (OpenAPI's) is stricter than "an object". */
export const openApiRoutes: FastifyPluginAsync = async (app) => {
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
    async () => app.swagger(),
  );
};
