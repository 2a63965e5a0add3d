// The membership layer of a node: discovery and the identity pull over one
// comm, sharing one identity store, with comm's messages routed to them. The
// node wires it over gRPC; unit tests wire the same layer over an in-memory comm.
import type { Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import { IdentityPull } from "../certstore/identity-pull.js";
import type { IdentityStore } from "../certstore/identity-store.js";
import type { Clock } from "../clock/clock.js";
import type { CommService } from "../comm/comm-service.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { Discovery } from "../discovery/discovery.js";
import type { SelfMember } from "../discovery/options.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator } from "../identity/validator.js";
import { moduleLogger } from "../observability/logger.js";
import type { NodeMetrics } from "../observability/metrics.js";
import { runMessageLoop } from "./message-router.js";

export interface MembershipLayerOptions {
  self: SelfMember;
  signer: SigningIdentity;
  comm: CommService;
  validator: IdentityValidator;
  identities: IdentityStore;
  timings: GossipTimings;
  clock: Clock;
  logger: Logger;
  metrics: NodeMetrics;
  tracer?: Tracer;
  bootstrapEndpoints?: string[];
}

export interface MembershipLayer {
  readonly discovery: Discovery;
  readonly identityPull: IdentityPull;
  /** Settles once comm's message stream ends (comm stopped). */
  readonly messageLoop: Promise<void>;
  start(): void;
  /** Stops discovery and the pull; the caller stops comm, which ends the message loop. */
  stop(): Promise<void>;
}

export function createMembershipLayer(options: MembershipLayerOptions): MembershipLayer {
  const { signer, comm, validator, identities, timings, clock, logger, metrics } = options;
  const discovery = new Discovery({
    self: options.self,
    signer,
    comm,
    validator,
    identities,
    timings,
    clock,
    logger: moduleLogger(logger, "discovery"),
    metrics,
    tracer: options.tracer,
    bootstrapEndpoints: options.bootstrapEndpoints,
  });
  const identityPull = new IdentityPull({
    signer,
    comm,
    validator,
    identities,
    timings,
    clock,
    logger: moduleLogger(logger, "identity-pull"),
    metrics,
    peers: () => discovery.alivePeers(),
    externalEndpointOf: (pkiId) => discovery.externalEndpointOf(pkiId),
  });
  const messageLoop = runMessageLoop(
    comm.messages(),
    { membership: discovery, identityPull },
    metrics,
    moduleLogger(logger, "router"),
  );
  return {
    discovery,
    identityPull,
    messageLoop,
    start() {
      discovery.start();
      identityPull.start();
    },
    async stop() {
      await discovery.stop();
      await identityPull.stop();
    },
  };
}
