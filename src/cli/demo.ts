// `fabric-gossip-node demo`: a local cluster in one process with zero
// configuration. It makes dev identities for one org, starts N nodes on free
// loopback ports over mutual TLS (the first is everyone's bootstrap peer), each with its own
// admin server, prints where they are, and shows the converged membership.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type AdminServer, startAdminServer } from "../admin/admin-server.js";
import { SystemClock } from "../clock/clock.js";
import { FABRIC_DEFAULTS, type GossipTimings } from "../config/gossip-config.js";
import { type DevPeer, generateDevMaterial } from "../identity/dev-ca.js";
import { loadLocalMsp, loadMspTrust, type MspTrust } from "../identity/msp.js";
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

const MSP_ID = "Org1MSP";

export async function runDemo(flags: DemoFlags, print: (line: string) => void): Promise<void> {
  const count = nodeCount(flags.nodes);
  const logSpec = demoLogSpec(flags.logLevel);
  const temporary = !flags.dataDir;
  const dataDir = flags.dataDir
    ? resolve(flags.dataDir)
    : await mkdtemp(join(tmpdir(), "fabric-gossip-demo-"));
  const cluster = new DemoCluster(logSpec);
  // The keys in a temporary directory go with the demo, however it ends.
  const cleanup = async () => {
    await cluster.stop();
    if (temporary) await rm(dataDir, { recursive: true, force: true });
  };
  let signalled = false;
  // Installed before anything starts, so Ctrl-C during start-up still cleans up.
  const stopped = stopOnSignals(
    async () => {
      signalled = true;
      await cleanup();
    },
    createLogger({ spec: logSpec }),
  );
  try {
    await Promise.race([cluster.start(dataDir, count, print), stopped]);
  } catch (err) {
    await cleanup();
    throw err;
  }
  if (signalled) return;
  if (flags.exitWhenConverged) {
    await cleanup();
    return;
  }
  print(temporary ? "press Ctrl-C to stop (the temporary directory is removed)" : "press Ctrl-C to stop");
  await stopped;
}

function demoLogSpec(text: string | undefined): LogSpec {
  try {
    return parseLogSpec(text ?? "warn");
  } catch (err) {
    if (err instanceof LogSpecError) throw new UsageError(`demo: --log-level: ${err.message}`);
    throw err;
  }
}

function nodeCount(text: string | undefined): number {
  const count = Number(text ?? "3");
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_NODES) {
    throw new UsageError(`demo: --nodes expects a whole number from 1 to ${MAX_DEMO_NODES}, got "${text}"`);
  }
  return count;
}

/** The demo's nodes; stop() also stops any node that finishes starting afterwards. */
class DemoCluster {
  private readonly nodes: DemoNode[] = [];
  private closed = false;
  private readonly version = { version: packageVersion(), commitSha: commitSha(process.env) };

  constructor(private readonly logSpec: LogSpec) {}

  async start(dataDir: string, count: number, print: (line: string) => void): Promise<void> {
    const material = await generateDevMaterial({
      outDir: dataDir,
      org: "org1.example.com",
      mspId: MSP_ID,
      peers: count,
    });
    const trust = await loadMspTrust(material.orgMspDir, MSP_ID);
    print(`dev identities for ${MSP_ID} written to ${dataDir}`);
    for (const peer of material.peers) {
      if (this.closed) return;
      const started = await this.startNode(peer, trust, material.tlsCaCertPem);
      print(`${peer.name}  gossip ${started.node.address}  admin http://${started.admin.address}`);
    }
    await waitForConvergence(this.nodes, CONVERGENCE_TIMEOUT_MS);
    if (!this.closed) this.printView(print);
  }

  private async startNode(peer: DevPeer, trust: MspTrust, tlsCaPem: string): Promise<DemoNode> {
    const metrics = createNodeMetrics(undefined, { processMetrics: this.nodes.length === 0 });
    const clock = new SystemClock({ lateness: metrics.timerLateness });
    const logger = createLogger({ spec: this.logSpec, base: { node: peer.name } });
    const local = await loadLocalMsp(peer.mspDir, MSP_ID);
    const tlsFile = (name: string) => readFile(join(peer.tlsDir, name), "utf8");
    const node = new GossipNode({
      signer: local.signingIdentity,
      validator: new IdentityValidator([trust], () => clock.now()),
      listenAddress: "127.0.0.1:0",
      bootstrap: this.nodes[0] ? [this.nodes[0].node.address] : [],
      timings: DEMO_TIMINGS,
      tls: {
        certPem: await tlsFile("server.crt"),
        keyPem: await tlsFile("server.key"),
        rootCertsPem: [tlsCaPem],
        clientAuthRequired: true,
        clientRootCertsPem: [tlsCaPem],
      },
      clock,
      logger,
      metrics,
      version: this.version.version,
    });
    await node.start();
    const admin = await startAdminServer({
      node,
      logger,
      listenAddress: "127.0.0.1:0",
      version: this.version,
    });
    const started = { name: peer.name, node, admin, logger };
    this.nodes.push(started);
    if (this.closed) await this.stop();
    return started;
  }

  private printView(print: (line: string) => void): void {
    print(`membership converged: every node sees the other ${this.nodes.length - 1} alive`);
    for (const { name, node } of this.nodes) {
      const alive = node.members().filter((m) => m.state === "alive");
      const seen = alive.map((m) => m.internalEndpoint ?? m.endpoint).join(", ") || "nobody";
      print(`  ${name} (${node.self().pkiId.slice(0, 12)}…) sees ${seen}`);
    }
    const first = this.nodes[0];
    if (first) print(`try: curl -s http://${first.admin.address}/v1/members`);
  }

  async stop(): Promise<void> {
    this.closed = true;
    const nodes = this.nodes.splice(0);
    await Promise.allSettled(nodes.map((n) => n.admin.close()));
    await Promise.allSettled(nodes.map((n) => n.node.stop()));
  }
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
