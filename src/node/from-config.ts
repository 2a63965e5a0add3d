// Builds a GossipNode from a validated NodeConfig and the MSPs the start-up checks
// loaded (the local MSP and the other orgs' CA material), reads the TLS files, and
// wires in the process's logger, metrics and tracer.
import { readFile } from "node:fs/promises";
import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { GossipTlsOptions } from "../comm/tls.js";
import type { NodeConfig } from "../config/node-config.js";
import type { LocalMsp, MspTrustWithWarnings } from "../identity/msp.js";
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

/** The MSPs of config.mspConfigPath and config.trustedMsps, as checkStartup loaded them. */
export interface NodeMsps {
  local: LocalMsp;
  trusted: MspTrustWithWarnings[];
}

export async function nodeFromConfig(
  config: NodeConfig,
  msps: NodeMsps,
  runtime: NodeRuntime,
): Promise<GossipNode> {
  const now = () => runtime.clock?.now() ?? Date.now();
  const { local, trusted: others } = msps;
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
