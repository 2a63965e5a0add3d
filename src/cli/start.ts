// `fabric-gossip-node start`: one node, configured as a Fabric peer is (the
// environment, optionally a core.yaml and a .env), with its admin server and
// tracing, until SIGINT or SIGTERM.
import { startAdminServer } from "../admin/admin-server.js";
import { describeConfig, environmentWithDotenv, loadConfig } from "../config/index.js";
import { nodeFromConfig } from "../node/from-config.js";
import { createLogger } from "../observability/logger.js";
import { createNodeMetrics } from "../observability/metrics.js";
import { startTracing } from "../observability/tracing.js";
import { stopOnSignals } from "./lifecycle.js";
import { commitSha, packageVersion } from "./version.js";

export interface StartFlags {
  config?: string;
}

export async function runStart(flags: StartFlags): Promise<void> {
  const cwd = process.cwd();
  const loaded = loadConfig({ env: process.env, configFile: flags.config, cwd });
  const { config } = loaded;
  const logger = createLogger({ level: config.logLevel, base: { peer: config.peerId } });
  for (const warning of loaded.warnings) logger.warn(`config: ${warning}`);
  logger.debug({ config: describeConfig(loaded) }, "effective configuration");

  const version = packageVersion();
  const tracing = startTracing({
    serviceName: "fabric-gossip-node",
    env: environmentWithDotenv({ env: process.env, cwd }),
    logger,
  });
  const metrics = createNodeMetrics(undefined, { defaultMetrics: true });
  const node = await nodeFromConfig(config, { logger, metrics, tracer: tracing.tracer, version });
  await node.start();
  const ops = config.operations;
  const admin = await startAdminServer({
    node,
    logger,
    listenAddress: ops.listenAddress,
    adminToken: ops.adminToken,
    tls:
      ops.tls.enabled && ops.tls.certFile && ops.tls.keyFile
        ? {
            certFile: ops.tls.certFile,
            keyFile: ops.tls.keyFile,
            clientRootCAs: ops.tls.clientRootCAs,
            clientAuthRequired: ops.tls.clientAuthRequired,
          }
        : undefined,
    version: { version, commitSha: commitSha(process.env) },
  });
  logger.info(
    { gossip: node.address, admin: admin.address, pkiId: node.self().pkiId, mspId: node.self().mspId },
    "fabric-gossip-node started",
  );
  await stopOnSignals(async () => {
    await admin.close();
    await node.stop();
    await tracing.shutdown();
  }, logger);
}
