// Prometheus scrape endpoint over the node's own registry (never the global one).
import type { FastifyPluginAsync } from "fastify";
import type { NodeView } from "../node/node-view.js";
import { metricsResponseSchema, withErrors } from "./schemas.js";

export const metricsRoutes: FastifyPluginAsync<{ node: NodeView }> = async (app, { node }) => {
  app.get(
    "/metrics",
    {
      schema: {
        summary: "Prometheus metrics",
        tags: ["metrics"],
        produces: ["text/plain"],
        response: withErrors({ 200: metricsResponseSchema }),
      },
    },
    async (_request, reply) => {
      const registry = node.metricsRegistry();
      const text = await registry.metrics();
      return reply.header("content-type", registry.contentType).send(text);
    },
  );
};
