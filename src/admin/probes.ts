// Kubernetes probes and version, in Fabric's operations shapes so tooling
// written for a Fabric peer's operations endpoint reads them unchanged.
import type { NodeView } from "../node/node-view.js";
import {
  type AdminRoutes,
  type HealthJson,
  healthSchema,
  type ReadinessJson,
  readinessSchema,
  versionSchema,
  withErrors,
} from "./schemas.js";

interface ProbesRoutesOptions {
  node: NodeView;
  version: { version: string; commitSha: string };
}

/**
 * NodeView names failed checks with strings; "component: reason" is split into
 * Fabric's two fields, a bare name is its own component.
 */
function toFailedCheck(check: string): { component: string; reason: string } {
  const at = check.indexOf(": ");
  if (at > 0) return { component: check.slice(0, at), reason: check.slice(at + 2) };
  return { component: check, reason: `${check} check failed` };
}

const healthRoute = {
  schema: {
    operationId: "getHealth",
    summary: "Liveness",
    description: "Fabric's health shape: 200 OK, or 503 with the failed checks.",
    tags: ["probes"],
    response: withErrors({
      200: { description: "Alive", ...healthSchema },
      503: { description: "A check failed", ...healthSchema },
    }),
  },
} as const;

const readinessRoute = {
  schema: {
    operationId: "getReadiness",
    summary: "Readiness",
    description: "200 when the node is ready to serve gossip; 503 with the reasons (what to fix) otherwise.",
    tags: ["probes"],
    response: withErrors({
      200: { description: "Ready", ...readinessSchema },
      503: { description: "Not ready", ...readinessSchema },
    }),
  },
} as const;

const versionRoute = {
  schema: {
    operationId: "getVersion",
    summary: "Build version",
    description: "The version and commit this node was built from.",
    tags: ["probes"],
    response: withErrors({ 200: { description: "Fabric's version shape", ...versionSchema } }),
  },
} as const;

export const probesRoutes: AdminRoutes<ProbesRoutesOptions> = async (app, { node, version }) => {
  app.get("/healthz", healthRoute, async (_request, reply) => {
    const failed = node.failedHealthChecks();
    const time = new Date().toISOString();
    if (failed.length === 0) return { status: "OK", time } satisfies HealthJson;
    const body: HealthJson = {
      status: "Service Unavailable",
      time,
      failed_checks: failed.map(toFailedCheck),
    };
    return reply.code(503).send(body);
  });

  app.get("/readyz", readinessRoute, async (_request, reply) => {
    const readiness = node.readiness();
    const time = new Date().toISOString();
    if (readiness.ready) return { status: "OK", time } satisfies ReadinessJson;
    const reasons = readiness.reasons.length > 0 ? readiness.reasons : ["not ready"];
    const body: ReadinessJson = { status: "Service Unavailable", time, reasons };
    return reply.code(503).send(body);
  });

  app.get("/version", versionRoute, async () => ({ Version: version.version, CommitSHA: version.commitSha }));
};
