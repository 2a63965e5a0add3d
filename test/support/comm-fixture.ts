// Real gRPC comm instances on 127.0.0.1 with OS-chosen ports, for comm and
// node integration tests.
import { SystemClock } from "../../src/clock/clock.js";
import { GrpcComm, type GrpcCommOptions } from "../../src/comm/grpc-comm.js";
import type { GossipTlsOptions } from "../../src/comm/tls.js";
import { FAST_TIMINGS } from "../../src/config/gossip-config.js";
import type { IdentityValidator } from "../../src/identity/validator.js";
import { silentLogger } from "../../src/observability/logger.js";
import { createNodeMetrics, type NodeMetrics } from "../../src/observability/metrics.js";
import type { TestOrg, TestPeer } from "./identities.js";

export interface CommUnderTest {
  comm: GrpcComm;
  peer: TestPeer;
  address: string;
  metrics: NodeMetrics;
}

export function tlsOptionsFor(peer: TestPeer, ...trustedOrgs: TestOrg[]): GossipTlsOptions {
  return {
    certPem: peer.tlsCertPem,
    keyPem: peer.tlsKeyPem,
    rootCertsPem: trustedOrgs.map((o) => o.tlsCaCertPem),
    clientAuthRequired: false,
    clientRootCertsPem: [],
  };
}

export async function startComm(
  peer: TestPeer,
  validator: IdentityValidator,
  overrides: Partial<GrpcCommOptions> = {},
): Promise<CommUnderTest> {
  const metrics = createNodeMetrics();
  const comm = new GrpcComm({
    listenAddress: "127.0.0.1:0",
    signer: peer.signingIdentity,
    validator,
    timings: FAST_TIMINGS,
    clock: new SystemClock(),
    logger: silentLogger(),
    metrics,
    ...overrides,
  });
  const address = await comm.listen();
  return { comm, peer, address, metrics };
}

/** The current value of a counter or gauge for the given labels. */
export async function metricValue(
  metrics: NodeMetrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  // Summed over the series the labels match, as PromQL's sum() would: a label left out is any value.
  const matches = metric?.values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return (matches ?? []).reduce((sum, v) => sum + v.value, 0);
}

/** Inbound handshakes that failed for `reason`, as the node counted them. */
export function inboundHandshakeFailures(metrics: NodeMetrics, reason: string): Promise<number> {
  return metricValue(metrics, "gossip_handshake_failures_total", { direction: "inbound", reason });
}
