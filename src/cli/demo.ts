// `fabric-gossip-node demo`: a local cluster in one process with zero
// configuration. It makes dev identities for one org, starts N nodes on free
// loopback ports over mutual TLS (the first is everyone's bootstrap peer), each with its own
// admin server, prints where they are, and shows the converged membership.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type AdminServer, startAdminServer } from "../admin/admin-server.js";
import { SystemClock } from "../clock/clock.js";
import { FABRIC_DEFAULTS, type GossipTimings } from "../config/gossip-config.js";
import { generateDevMaterial } from "../identity/dev-ca.js";
import { loadLocalMsp, loadMspTrust } from "../identity/msp.js";
import { IdentityValidator } from "../identity/validator.js";
import { GossipNode } from "../node/gossip-node.js";
import { type LogSpec, LogSpecError, parseLogSpec } from "../observability/log-spec.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { createNodeMetrics } from "../observability/metrics.js";
import { UsageError } from "./errors.js";
import { stopOnSignals } from "./lifecycle.js";
import { commitSha, packageVersion } from "./version.js";

/** Seconds instead of Fabric's tens of seconds, so joins and deaths show up while you watch. */
export const DEMO_TIMINGS: Readonly<GossipTimings> = Object.freeze({
  ...FABRIC_DEFAULTS,
  aliveTimeInterval: 1_000,
  aliveExpirationTimeout: 5_000,
  reconnectInterval: 2_000,
  maxConnectionAttempts: 60,
  membershipAckTimeout: 1_000,
  publishCertPeriod: 5_000,
  pullInterval: 1_000,
  pullDigestWait: 300,
  pullRequestWait: 500,
  pullResponseWait: 600,
  dialTimeout: 1_000,
  connTimeout: 1_000,
});

const MAX_DEMO_NODES = 50;
const CONVERGENCE_TIMEOUT_MS = 60_000;

export interface DemoFlags {
  nodes?: string;
  dataDir?: string;
  logLevel?: string;
  exitWhenConverged?: boolean;
}

interface DemoNode {
  name: string;
  node: GossipNode;
  admin: AdminServer;
  logger: Logger;
}

export async function runDemo(flags: DemoFlags, print: (line: string) => void): Promise<void> {
  const count = Number(flags.nodes ?? "3");
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_NODES) {
    throw new UsageError(
      `demo: --nodes expects a whole number from 1 to ${MAX_DEMO_NODES}, got "${flags.nodes}"`,
    );
  }
  let logSpec: LogSpec;
  try {
    logSpec = parseLogSpec(flags.logLevel ?? "warn");
  } catch (err) {
    if (err instanceof LogSpecError) throw new UsageError(`demo: --log-level: ${err.message}`);
    throw err;
  }
  const dataDir = flags.dataDir
    ? resolve(flags.dataDir)
    : await mkdtemp(join(tmpdir(), "fabric-gossip-demo-"));
  const mspId = "Org1MSP";
  const material = await generateDevMaterial({
    outDir: dataDir,
    org: "org1.example.com",
    mspId,
    peers: count,
  });
  const trust = await loadMspTrust(material.orgMspDir, mspId);
  print(`dev identities for ${mspId} written to ${dataDir}`);

  const version = { version: packageVersion(), commitSha: commitSha(process.env) };
  const nodes: DemoNode[] = [];
  const stopAll = async () => {
    await Promise.allSettled(nodes.map((n) => n.admin.close()));
    await Promise.allSettled(nodes.map((n) => n.node.stop()));
  };
  try {
    for (const peer of material.peers) {
      const clock = new SystemClock();
      const logger = createLogger({ spec: logSpec, base: { node: peer.name } });
      const local = await loadLocalMsp(peer.mspDir, mspId);
      const bootstrap = nodes[0] ? [nodes[0].node.address] : [];
      const tlsFile = (name: string) => readFile(join(peer.tlsDir, name), "utf8");
      const node = new GossipNode({
        signer: local.signingIdentity,
        validator: new IdentityValidator([trust], () => clock.now()),
        listenAddress: "127.0.0.1:0",
        bootstrap,
        timings: DEMO_TIMINGS,
        tls: {
          certPem: await tlsFile("server.crt"),
          keyPem: await tlsFile("server.key"),
          rootCertsPem: [material.tlsCaCertPem],
          clientAuthRequired: true,
          clientRootCertsPem: [material.tlsCaCertPem],
        },
        clock,
        logger,
        metrics: createNodeMetrics(undefined, { processMetrics: nodes.length === 0 }),
        version: version.version,
      });
      await node.start();
      const admin = await startAdminServer({ node, logger, listenAddress: "127.0.0.1:0", version });
      nodes.push({ name: peer.name, node, admin, logger });
      print(`${peer.name}  gossip ${node.address}  admin http://${admin.address}`);
    }
    await waitForConvergence(nodes, CONVERGENCE_TIMEOUT_MS);
    print(`membership converged: every node sees the other ${count - 1} alive`);
    for (const { name, node } of nodes) {
      const alive = node.members().filter((m) => m.state === "alive");
      print(
        `  ${name} (${node.self().pkiId.slice(0, 12)}…) sees ${alive.map((m) => m.internalEndpoint ?? m.endpoint).join(", ") || "nobody"}`,
      );
    }
    const first = nodes[0];
    if (first) print(`try: curl -s http://${first.admin.address}/v1/members`);
  } catch (err) {
    await stopAll();
    throw err;
  }
  if (flags.exitWhenConverged) {
    await stopAll();
    return;
  }
  print("press Ctrl-C to stop");
  await stopOnSignals(stopAll, nodes[0]?.logger ?? createLogger());
}

function converged(nodes: DemoNode[]): boolean {
  return nodes.every(
    ({ node }) => node.members().filter((m) => m.state === "alive").length === nodes.length - 1,
  );
}

async function waitForConvergence(nodes: DemoNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!converged(nodes)) {
    if (Date.now() > deadline) throw new Error(`membership did not converge within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
