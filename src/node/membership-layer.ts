import { IdentityPull } from "../certstore/identity-pull.js";
import { Discovery } from "../discovery/discovery.js";
import type { DiscoveryOptions } from "../discovery/options.js";
import { moduleLogger } from "../observability/logger.js";
import { handleMessages } from "./message-router.js";

/** Discovery's options; the identity pull takes the shared part of them. */
export type MembershipLayerOptions = DiscoveryOptions;

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
  const { logger, metrics, comm } = options;
  const discovery = new Discovery({ ...options, logger: moduleLogger(logger, "gossip.discovery") });
  const { signer, validator, identities, timings, clock } = options;
  const identityPull = new IdentityPull({
    signer,
    comm,
    validator,
    identities,
    timings,
    clock,
    logger: moduleLogger(logger, "gossip.pull"),
    metrics,
    peers: () => discovery.alivePeers(),
    externalEndpointOf: (pkiId) => discovery.externalEndpointOf(pkiId),
  });
  const messageLoop = handleMessages(
    comm.messages(),
    { membership: discovery, identityPull },
    metrics,
    moduleLogger(logger, "gossip.node"),
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
