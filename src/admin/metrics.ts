// Prometheus scrape endpoint over the node's own registry (never the global one).
import type { NodeView } from "../node/node-view.js";
import { type AdminRoutes, metricsResponseSchema, withErrors } from "./schemas.js";

export const metricsRoutes: AdminRoutes<{ node: NodeView }> = async (app, { node }) => {
  app.get(
    "/metrics",
    {
      schema: {
        operationId: "getMetrics",
        summary: "Prometheus metrics",
        description: "This node's metrics in the Prometheus text format, Fabric's gossip names included.",
        tags: ["metrics"],
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
