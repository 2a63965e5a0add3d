// `fabric-gossip-node start`: one node, configured as a Fabric peer is (the
// environment, optionally a core.yaml and a .env), with its admin server and
// tracing, until SIGINT or SIGTERM.
//
// Whatever happens during start-up, the process ends: a failure stops what was
// already started and is rethrown; a signal stops it once the step in flight is done.
import { type AdminServer, startAdminServer } from "../admin/admin-server.js";
import { describeConfig, environmentWithDotenv, loadConfig } from "../config/index.js";
import { LISTEN_ADDRESS, OPERATIONS_LISTEN_ADDRESS } from "../config/variables.js";
import { nodeFromConfig } from "../node/from-config.js";
import type { GossipNode } from "../node/gossip-node.js";
import { createLogger, moduleLogger } from "../observability/logger.js";
import { createNodeMetrics, type NodeMetrics } from "../observability/metrics.js";
import { startTracing, type Tracing } from "../observability/tracing.js";
import { ListenError } from "./errors.js";
import { stopOnSignals } from "./lifecycle.js";
import { commitSha, packageVersion } from "./version.js";

export interface StartFlags {
  config?: string;
}

/** How long a signal waits for the start-up step in flight before stopping anyway. */
const STARTUP_SETTLE_MS = 10_000;

export async function runStart(flags: StartFlags): Promise<void> {
  const cwd = process.cwd();
  const loaded = loadConfig({ env: process.env, configFile: flags.config, cwd });
  const { config } = loaded;
  const logger = createLogger({
    spec: config.logging.spec,
    format: config.logging.format,
    base: { node: config.peerId },
  });
  const log = moduleLogger(logger, "cli");
  for (const warning of loaded.warnings) log.warn(`config: ${warning}`);
  log.debug({ config: describeConfig(loaded) }, "effective configuration");

  const version = packageVersion();
  const ops = config.operations;

  let tracing: Tracing | undefined;
  let processMetrics: NodeMetrics | undefined;
  let node: GossipNode | undefined;
  let admin: AdminServer | undefined;
  let signalled = false;
  let stopping: Promise<void> | undefined;
  // Stops whatever has started so far, once; every step runs even if an earlier one fails.
  const stopAll = () => {
    stopping ??= (async () => {
      const failures: unknown[] = [];
      const steps = [
        () => admin?.close(),
        () => node?.stop(),
        () => processMetrics?.close(),
        () => tracing?.shutdown(),
      ];
      for (const step of steps) {
        try {
          await step();
        } catch (err) {
          failures.push(err);
        }
      }
      if (failures.length > 0) throw failures[0];
    })();
    return stopping;
  };

  let startup: Promise<void> = Promise.resolve();
  // Installed before anything is started, so a SIGTERM during start-up still stops cleanly.
  const stopped = stopOnSignals(async () => {
    signalled = true;
    await settled(startup, STARTUP_SETTLE_MS);
    await stopAll();
  }, log);

  startup = (async () => {
    const traces = await startTracing({
      serviceName: "fabric-gossip-node",
      version,
      env: environmentWithDotenv({ env: process.env, cwd }),
      logger,
    });
    tracing = traces;
    const metrics = createNodeMetrics(undefined, { processMetrics: true });
    processMetrics = metrics;
    const { tracer, propagator } = traces;
    const started = await nodeFromConfig(config, { logger, metrics, tracer, propagator, version });
    node = started;
    if (signalled) return;
    await listening(LISTEN_ADDRESS.env, config.listenAddress, () => started.start());
    if (signalled) return;
    admin = await listening(OPERATIONS_LISTEN_ADDRESS.env, ops.listenAddress, () =>
      startAdminServer({
        node: started,
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
      }),
    );
    if (signalled) return;
    log.info(
      {
        gossip: started.address,
        admin: admin.address,
        pki_id: started.self().pkiId,
        msp_id: started.self().mspId,
      },
      "fabric-gossip-node started",
    );
  })();

  try {
    // `stopped` wins only when a signal gave up waiting on a start-up step that hangs.
    await Promise.race([startup, stopped]);
  } catch (err) {
    await stopAll().catch((stopErr: unknown) =>
      log.error({ err: stopErr }, "stopping after a failed start-up failed"),
    );
    throw err;
  }
  await stopped;
}

/** Runs `listen`; a failure to bind becomes a ListenError naming the address and its variable. */
async function listening<T>(variable: string, address: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = ListenError.codeOf(err);
    if (code === undefined) throw err;
    throw new ListenError(variable, address, code, { cause: err });
  }
}

/** Resolves once `promise` settles, either way, or after `ms`, whichever is first. */
function settled(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
