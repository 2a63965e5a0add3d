// A gossip membership node: identity, comm, discovery and the identity pull
// wired together, with one lifecycle. start() listens, starts the periodic
// tasks and connects to the bootstrap peers; stop() undoes all of it.
import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import { IdentityStore } from "../certstore/identity-store.js";
import { type Clock, SystemClock } from "../clock/clock.js";
import { GrpcComm } from "../comm/grpc-comm.js";
import type { AdmissionSettings } from "../comm/inbound-admission.js";
import type { GossipTlsOptions } from "../comm/tls.js";
import { FABRIC_DEFAULTS, type GossipTimings } from "../config/gossip-config.js";
import type { Discovery } from "../discovery/discovery.js";
import { identifierFor } from "../discovery/join.js";
import { inboundHandshakeTelemetry, noopTracer } from "../discovery/telemetry.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator } from "../identity/validator.js";
import { createLogger, moduleLogger } from "../observability/logger.js";
import { createNodeMetrics, type NodeMetrics } from "../observability/metrics.js";
import { createMembershipLayer, type MembershipLayer } from "./membership-layer.js";
import type {
  MembershipEvent,
  MemberView,
  NodeView,
  PeerConnectionView,
  Readiness,
  SelfView,
} from "./node-view.js";

export interface GossipNodeOptions {
  signer: SigningIdentity;
  validator: IdentityValidator;
  /** gRPC listen address (host:port); port 0 lets the OS choose. */
  listenAddress: string;
  /** Endpoint peers of our org dial (Fabric's peer.gossip.endpoint); defaults to the bound address. */
  endpoint?: string;
  /** Endpoint advertised to other orgs; "" (the default) keeps this node inside its org. */
  externalEndpoint?: string;
  bootstrap?: string[];
  timings?: GossipTimings;
  /** Limits on inbound gossip connections and handshakes (comm's defaults when omitted). */
  admission?: AdmissionSettings;
  tls?: GossipTlsOptions;
  clock?: Clock;
  logger?: Logger;
  metrics?: NodeMetrics;
  tracer?: Tracer;
  /** W3C trace context on gossip streams, so a join's trace spans both nodes. */
  propagator?: TextMapPropagator;
  version?: string;
}

type Phase = "new" | "starting" | "running" | "stopping" | "stopped";

export class NodeStateError extends Error {
  override readonly name = "NodeStateError";
  readonly reason = "state";
}

export class GossipNode implements NodeView {
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timings: GossipTimings;
  private readonly comm: GrpcComm;
  private readonly identities: IdentityStore;
  private layer: MembershipLayer | undefined;
  private phase: Phase = "new";
  private boundAddress: string | undefined;

  constructor(private readonly options: GossipNodeOptions) {
    this.metrics = options.metrics ?? createNodeMetrics();
    this.clock = options.clock ?? new SystemClock({ lateness: this.metrics.timerLateness });
    this.timings = options.timings ?? FABRIC_DEFAULTS;
    this.logger = options.logger ?? createLogger();
    this.identities = new IdentityStore({ clock: this.clock });
    this.comm = new GrpcComm({
      listenAddress: options.listenAddress,
      signer: options.signer,
      validator: options.validator,
      timings: this.timings,
      tls: options.tls,
      admission: options.admission,
      clock: this.clock,
      logger: moduleLogger(this.logger, "gossip.comm"),
      metrics: this.metrics,
      onIdentity: (identity) => this.identities.put(identity),
      identityOf: (pkiId) => this.identities.get(pkiId),
      inboundHandshakes: inboundHandshakeTelemetry({
        tracer: options.tracer ?? noopTracer(),
        propagator: options.propagator,
      }),
    });
  }

  /** The gossip address actually listened on; known once start() resolved. */
  get address(): string {
    if (!this.boundAddress) throw new NodeStateError("the node has not started");
    return this.boundAddress;
  }

  async start(): Promise<void> {
    if (this.phase !== "new") throw new NodeStateError(`cannot start a node that is ${this.phase}`);
    this.phase = "starting";
    const { options } = this;
    this.boundAddress = await this.comm.listen();
    const bootstrap = options.bootstrap ?? [];
    const layer = createMembershipLayer({
      self: {
        endpoint: options.externalEndpoint ?? "",
        internalEndpoint: options.endpoint ?? this.boundAddress,
      },
      signer: options.signer,
      comm: this.comm,
      validator: options.validator,
      identities: this.identities,
      timings: this.timings,
      clock: this.clock,
      logger: this.logger,
      metrics: this.metrics,
      tracer: options.tracer,
      propagator: options.propagator,
      bootstrapEndpoints: bootstrap,
    });
    this.layer = layer;
    layer.start();
    this.phase = "running";
    layer.discovery.connectToBootstrapPeers();
  }

  /** Stops every task, timer, stream and the server; safe to call more than once. */
  async stop(): Promise<void> {
    if (this.phase === "stopped" || this.phase === "stopping") return;
    this.phase = "stopping";
    await this.layer?.stop();
    await this.comm.stop();
    await this.layer?.messageLoop;
    this.phase = "stopped";
    moduleLogger(this.logger, "gossip.node").info("gossip node stopped");
  }

  connect(endpoint: string): void {
    if (this.phase !== "running")
      throw new NodeStateError(`cannot connect: the gossip node is ${this.phase}`);
    this.started().connect(
      { endpoint },
      identifierFor(this.comm, this.options.signer.mspId, endpoint, false),
    );
  }

  self(): SelfView {
    const tls = this.options.tls;
    const gossipTls = { enabled: tls !== undefined, clientAuthRequired: tls?.clientAuthRequired ?? false };
    return { ...this.started().self(), version: this.options.version ?? "0.0.0", gossipTls };
  }

  members(): MemberView[] {
    return this.started().members();
  }

  member(pkiId: string): MemberView | undefined {
    return this.started().member(pkiId);
  }

  /**
   * The connect() targets this node dials, then every other live connection: the
   * members that connected to it, and those gossip dialed on its own.
   */
  peers(): PeerConnectionView[] {
    const dials = this.started()
      .connections()
      .map((dial): PeerConnectionView => ({ ...dial, direction: "outbound" }));
    const dialed = new Set(dials.map((dial) => dial.pkiId));
    for (const link of this.comm.liveConnections()) {
      if (link.direction === "outbound" && dialed.has(link.pkiId)) continue;
      dials.push({
        endpoint: link.endpoint,
        direction: link.direction,
        bootstrap: false,
        state: "connected",
        pkiId: link.pkiId,
        attempts: 0,
        lastError: undefined,
        lastHandshakeAt: undefined,
        pendingNonce: undefined,
      });
    }
    return dials;
  }

  onMembershipEvent(listener: (event: MembershipEvent) => void): () => void {
    return this.started().on("membership", listener);
  }

  readiness(): Readiness {
    if (this.phase !== "running" || !this.layer) {
      return { ready: false, reasons: [`gossip node is ${this.phase}`] };
    }
    const { ready, reasons } = this.layer.discovery.readiness();
    return { ready, reasons };
  }

  failedHealthChecks(): string[] {
    return this.phase === "running" ? [] : [`gossip node is ${this.phase}`];
  }

  metricsRegistry() {
    return this.metrics.registry;
  }

  /** Views stay readable while stopping and after stop: the admin API may still ask. */
  private started(): Discovery {
    if (!this.layer) throw new NodeStateError(`the gossip node is ${this.phase}: it has not started`);
    return this.layer.discovery;
  }
}
