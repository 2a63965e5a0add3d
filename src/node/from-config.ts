// Builds a GossipNode from a validated NodeConfig: loads the local MSP and the
// other orgs' CA material, reads the TLS files, and wires in the process's
// logger, metrics and tracer.
import { readFile } from "node:fs/promises";
import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { GossipTlsOptions } from "../comm/tls.js";
import type { NodeConfig } from "../config/node-config.js";
import { loadLocalMsp, loadMspTrustWithWarnings } from "../identity/msp.js";
import { IdentityValidator } from "../identity/validator.js";
import type { NodeMetrics } from "../observability/metrics.js";
import { GossipNode } from "./gossip-node.js";

export interface NodeRuntime {
  logger: Logger;
  metrics: NodeMetrics;
  tracer?: Tracer;
  propagator?: TextMapPropagator;
  clock?: Clock;
  version: string;
}

export async function nodeFromConfig(config: NodeConfig, runtime: NodeRuntime): Promise<GossipNode> {
  const now = () => runtime.clock?.now() ?? Date.now();
  const local = await loadLocalMsp(config.mspConfigPath, config.localMspId, { now });
  const others = await Promise.all(config.trustedMsps.map((t) => loadMspTrustWithWarnings(t.dir, t.mspId)));
  // E.g. CRLs that are present but not checked: the node runs, the operator is told.
  for (const warning of [...local.warnings, ...others.flatMap((o) => o.warnings)]) {
    runtime.logger.warn(warning);
  }
  return new GossipNode({
    signer: local.signingIdentity,
    validator: new IdentityValidator([local.trust, ...others.map((o) => o.trust)], now),
    listenAddress: config.listenAddress,
    endpoint: config.gossip.endpoint,
    externalEndpoint: config.gossip.externalEndpoint,
    bootstrap: config.gossip.bootstrap,
    timings: config.gossip.timings,
    admission: config.gossip.admission,
    tls: config.tls.enabled ? await gossipTls(config.tls, local.tlsRootCertsPem) : undefined,
    logger: runtime.logger,
    metrics: runtime.metrics,
    tracer: runtime.tracer,
    propagator: runtime.propagator,
    clock: runtime.clock,
    version: runtime.version,
  });
}

async function gossipTls(tls: NodeConfig["tls"], mspTlsRoots: string[]): Promise<GossipTlsOptions> {
  const read = (path: string) => readFile(path, "utf8");
  if (!tls.certFile || !tls.keyFile) throw new Error("gossip TLS needs a certificate and a key file");
  const roots = tls.rootCertFile ? [await read(tls.rootCertFile)] : [];
  return {
    certPem: await read(tls.certFile),
    keyPem: await read(tls.keyFile),
    rootCertsPem: [...roots, ...mspTlsRoots],
    clientAuthRequired: tls.clientAuthRequired,
    clientRootCertsPem: await Promise.all(tls.clientRootCAs.map(read)),
  };
}
