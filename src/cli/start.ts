// `fabric-gossip-node start`: one node, configured as a Fabric peer is (the
// environment, optionally a core.yaml and a .env), with its admin server and
// tracing, until SIGINT or SIGTERM.
//
// Every file is read and checked before any port opens (startup-checks.ts).
// Whatever happens during start-up, the process ends: a failure stops what was
// already started and is rethrown; a signal stops it once the step in flight is done.
import { type AdminServer, startAdminServer } from "../admin/admin-server.js";
import { describeConfig, environmentWithDotenv, type LoadedConfig, loadConfig } from "../config/index.js";
import type { NodeConfig } from "../config/node-config.js";
import { LISTEN_ADDRESS, OPERATIONS_LISTEN_ADDRESS } from "../config/variables.js";
import { type NodeMsps, nodeFromConfig } from "../node/from-config.js";
import type { GossipNode } from "../node/gossip-node.js";
import { createLogger, type Logger, moduleLogger } from "../observability/logger.js";
import { createNodeMetrics } from "../observability/metrics.js";
import { startTracing, type Tracing } from "../observability/tracing.js";
import { ListenError } from "./errors.js";
import { stopOnSignals } from "./lifecycle.js";
import { checkStartup } from "./startup-checks.js";
import { commitSha, packageVersion } from "./version.js";

export interface StartFlags {
  config?: string;
}

/** How long a signal waits for the start-up step in flight before stopping anyway. */
const STARTUP_SETTLE_MS = 10_000;

export async function runStart(flags: StartFlags): Promise<void> {
  const cwd = process.cwd();
  const loaded = loadConfig({ env: process.env, configFile: flags.config, cwd });
  const logger = startupLogger(loaded);
  const msps = await checkStartup(loaded.config);
  await new NodeProcess(loaded.config, msps, logger, cwd).runUntilSignalled();
}

function startupLogger(loaded: LoadedConfig): Logger {
  const { config } = loaded;
  const logger = createLogger({
    spec: config.logging.spec,
    format: config.logging.format,
    base: { node: config.peerId },
  });
  const log = moduleLogger(logger, "cli");
  for (const warning of loaded.warnings) log.warn(`config: ${warning}`);
  log.debug({ config: describeConfig(loaded) }, "effective configuration");
  return logger;
}

/** The node, its admin server and tracing, started in order and stopped in reverse, once. */
class NodeProcess {
  private tracing: Tracing | undefined;
  private node: GossipNode | undefined;
  private admin: AdminServer | undefined;
  private signalled = false;
  private stopping: Promise<void> | undefined;
  /** This process's own lines, under the `cli` module. */
  private readonly log: Logger;

  constructor(
    private readonly config: NodeConfig,
    private readonly msps: NodeMsps,
    private readonly logger: Logger,
    private readonly cwd: string,
  ) {
    this.log = moduleLogger(logger, "cli");
  }

  async runUntilSignalled(): Promise<void> {
    let startup: Promise<void> = Promise.resolve();
    // Installed before anything is started, so a SIGTERM during start-up still stops cleanly.
    const stopped = stopOnSignals(async () => {
      this.signalled = true;
      await settled(startup, STARTUP_SETTLE_MS);
      await this.stopAll();
    }, this.log);
    startup = this.start();
    try {
      // `stopped` wins only when a signal gave up waiting on a start-up step that hangs.
      await Promise.race([startup, stopped]);
    } catch (err) {
      await this.stopAll().catch((stopErr: unknown) =>
        this.log.error({ err: stopErr }, "stopping after a failed start-up failed"),
      );
      throw err;
    }
    await stopped;
  }

  private async start(): Promise<void> {
    const version = packageVersion();
    this.tracing = await startTracing({
      serviceName: "fabric-gossip-node",
      version,
      env: environmentWithDotenv({ env: process.env, cwd: this.cwd }),
      logger: this.logger,
    });
    const metrics = createNodeMetrics(undefined, { processMetrics: true });
    const { tracer, propagator } = this.tracing;
    const runtime = { logger: this.logger, metrics, tracer, propagator, version };
    const node = await nodeFromConfig(this.config, this.msps, runtime);
    this.node = node;
    if (this.signalled) return;
    await listening(LISTEN_ADDRESS.env, this.config.listenAddress, () => node.start());
    if (this.signalled) return;
    const ops = this.config.operations;
    this.admin = await listening(OPERATIONS_LISTEN_ADDRESS.env, ops.listenAddress, () =>
      startAdminServer({
        node,
        logger: this.logger,
        listenAddress: ops.listenAddress,
        adminToken: ops.adminToken,
        tls: adminTls(ops.tls),
        version: { version, commitSha: commitSha(process.env) },
      }),
    );
    if (this.signalled) return;
    const self = node.self();
    this.log.info(
      { gossip: node.address, admin: this.admin.address, pki_id: self.pkiId, msp_id: self.mspId },
      "fabric-gossip-node started",
    );
  }

  /** Stops whatever has started so far, once; every step runs even if an earlier one fails. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      const failures: unknown[] = [];
      const steps = [() => this.admin?.close(), () => this.node?.stop(), () => this.tracing?.shutdown()];
      for (const step of steps) {
        try {
          await step();
        } catch (err) {
          failures.push(err);
        }
      }
      if (failures.length > 0) throw failures[0];
    })();
    return this.stopping;
  }
}

function adminTls(tls: NodeConfig["operations"]["tls"]) {
  if (!tls.enabled || !tls.certFile || !tls.keyFile) return undefined;
  return {
    certFile: tls.certFile,
    keyFile: tls.keyFile,
    clientRootCAs: tls.clientRootCAs,
    clientAuthRequired: tls.clientAuthRequired,
  };
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
