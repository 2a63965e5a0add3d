// Fabric's gossip discovery (gossipDiscoveryImpl): the membership state
// machine. It joins through connect(), learns members from alive messages and
// membership responses, heartbeats its own alive message, declares silent
// members dead, probes dead ones until they come back, and purges the long
// dead. Messages come in through handleMsgFromComm (the node's router hands
// them over); it never touches a socket.
//
// The seed walk-through's join flow (../shared/seed/gossip-join-flow.md), step by step:
//
// | Seed step                                  | File                                   | Function                                      |
// |--------------------------------------------|----------------------------------------|-----------------------------------------------|
// | 1   serve / New: start the gossip service  | src/node/gossip-node.ts                | GossipNode.start                              |
// | 2.1 connect2BootstrapPeers                 | src/discovery/join.ts                  | Join.connectToBootstrapPeers, identifierFor   |
// | 2.2 Handshake (the identifier's probe)     | src/comm/grpc-comm.ts                  | GrpcComm.handshake                            |
// | 2.3 Connect                                | src/discovery/join.ts                  | Join.connect, Join.runConnect                 |
// |     createMembershipRequest                | src/discovery/self.ts                  | SelfNode.createMembershipRequest              |
// | 2.4 sendUntilAcked                         | src/discovery/acked-send.ts            | sendUntilAcked                                |
// | 2.5 Listen (wait for the nonce)            | src/pubsub/pubsub.ts                   | Subscription.listen                           |
// | 3.1 NewDiscoveryService: periodic tasks    | src/discovery/periodic.ts              | PeriodicTasks.start                           |
// |     periodicalSendAlive                    | src/discovery/periodic.ts              | PeriodicTasks.periodicalSendAlive             |
// |     periodicalCheckAlive, expireDeadMembers| src/discovery/periodic.ts              | PeriodicTasks.periodicalCheckAlive            |
// |     periodicalReconnectToDead              | src/discovery/periodic.ts              | PeriodicTasks.periodicalReconnectToDead       |
// |     handleEvents                           | src/discovery/periodic.ts              | PeriodicTasks.handleEvents                    |
// | 3.2 handleMessages                         | src/node/message-router.ts             | handleMessages                                |
// | 3.3 handleMsgFromComm                      | src/discovery/discovery.ts             | Discovery.handleMsgFromComm                   |
// |     MemReq: sendMemResponse                | src/discovery/membership-exchange.ts   | handleMembershipRequest, sendMemResponse      |
// |     MemRes: publish nonce, learn members   | src/discovery/membership-exchange.ts   | handleMembershipResponse                      |
// |     AliveMsg: store, handle, gossip        | src/discovery/alive-handling.ts        | handleGossipedAlive, gossipAlive              |
// | 3.4 handleAliveMessage                     | src/discovery/alive-handling.ts        | AliveHandling.handleAliveMessage              |
// |     learnNewMembers                        | src/discovery/membership.ts            | Membership.learnNewMember                     |
// |     resurrectMember                        | src/discovery/membership.ts            | Membership.resurrectMember                    |
// |     learnExistingMembers                   | src/discovery/membership.ts            | Membership.learnExistingMember                |
// | 3.5 Publish (ack the nonce)                | src/pubsub/pubsub.ts                   | PubSub.publish                                |
import type { ReceivedMessage, RemotePeer } from "../comm/comm-service.js";
import { pkiIdHex } from "../identity/pki-id.js";
import { kindOf } from "../protocol/messages.js";
import { PubSub } from "../pubsub/pubsub.js";
import { AliveHandling, remotePeerOf } from "./alive-handling.js";
import { AliveStore } from "./alive-store.js";
import type { ConnectionStatus } from "./connections.js";
import { type DiscoveryContext, drop, Lifetime } from "./context.js";
import { MembershipEvents, type MembershipListener } from "./events.js";
import { Join, type JoinReadiness } from "./join.js";
import { Membership, type MemberView } from "./membership.js";
import { MembershipExchange } from "./membership-exchange.js";
import type { ConnectTarget, DiscoveryOptions, Identify } from "./options.js";
import { PeriodicTasks } from "./periodic.js";
import { SelfNode, type SelfView } from "./self.js";
import { noopTracer, TelemetryObserver } from "./telemetry.js";

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class Discovery {
  private readonly ctx: DiscoveryContext;
  private readonly events: MembershipEvents;
  private readonly alive: AliveHandling;
  private readonly exchange: MembershipExchange;
  private readonly join: Join;
  private readonly periodic: PeriodicTasks;
  private started = false;

  constructor(options: DiscoveryOptions) {
    const { signer, clock, logger, metrics, identities, timings } = options;
    const self = new SelfNode(options.self, signer, clock, timings);
    const orgs = {
      selfMspId: signer.mspId,
      orgOf: (hex: string) => (hex === self.hex ? signer.mspId : identities.get(hex)?.mspId),
    };
    this.events = new MembershipEvents(logger);
    this.ctx = {
      ...options,
      self,
      orgs,
      observer: new TelemetryObserver({
        tracer: options.tracer ?? noopTracer(),
        propagator: options.propagator,
        metrics,
        clock,
        logger,
      }),
      membership: new Membership({ clock, metrics, logger, events: this.events, orgOf: orgs.orgOf }),
      aliveStore: new AliveStore(
        clock,
        timings.aliveExpirationTimeout * timings.msgExpirationFactor,
        (record) => this.periodic.onAliveExpired(record),
      ),
      pubsub: new PubSub<bigint>(clock),
      lifetime: new Lifetime(clock, logger),
    };
    this.alive = new AliveHandling(this.ctx);
    this.exchange = new MembershipExchange(this.ctx, this.alive);
    this.join = new Join(this.ctx, options.bootstrapEndpoints ?? []);
    this.periodic = new PeriodicTasks(this.ctx, this.alive, this.exchange, this.join);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the periodic tasks (alive, expiry, reconnect, sync), consumes
   * comm.presumedDead() and comm.identityChanges(), and begins the connects made before.
   */
  start(): void {
    if (this.started || this.ctx.lifetime.ended) return;
    this.started = true;
    this.periodic.start();
    this.join.start();
    const { self } = this.ctx;
    this.ctx.logger.info(
      { pki_id: self.hex, endpoint: self.endpoint, internal_endpoint: self.internalEndpoint },
      "discovery started",
    );
  }

  /** Aborts every wait, cancels every timer and waits for in-flight work to end. */
  async stop(): Promise<void> {
    if (this.ctx.lifetime.ended) return;
    const ended = this.ctx.lifetime.end();
    this.join.stop();
    this.ctx.pubsub.close();
    await ended;
    this.ctx.logger.info("discovery stopped");
  }

  // ------------------------------------------------------------------ queries

  /** This node's own entry. */
  self(): SelfView {
    return this.ctx.self.view();
  }

  /** Alive and dead members (not ourselves). */
  members(): MemberView[] {
    return this.ctx.membership.views();
  }

  /** A member by PKI-ID (bytes or hex), in O(1); undefined for unknown ones and for ourselves (see self()). */
  member(pkiId: Uint8Array | string): MemberView | undefined {
    const hex = typeof pkiId === "string" ? pkiId.toLowerCase() : pkiIdHex(pkiId);
    return this.ctx.membership.view(hex);
  }

  /** Alive members as comm addresses them (internal endpoint preferred), e.g. for the identity pull. */
  alivePeers(): RemotePeer[] {
    return this.ctx.membership.alive().map(remotePeerOf);
  }

  /** The external endpoint of a member (ours included); undefined when unknown. */
  externalEndpointOf(pkiId: Uint8Array | string): string | undefined {
    const hex = typeof pkiId === "string" ? pkiId : pkiIdHex(pkiId);
    if (hex === this.ctx.self.hex) return this.ctx.self.endpoint;
    return this.ctx.membership.get(hex)?.endpoint;
  }

  /** Subscribes to membership changes; returns the unsubscribe function. */
  on(event: "membership", listener: MembershipListener): () => void {
    if (event !== "membership") throw new TypeError(`unknown event ${String(event)}`);
    return this.events.on(listener);
  }

  /** Per connect() target: how far it got. */
  connections(): ConnectionStatus[] {
    return this.ctx.observer.connections();
  }

  /** For /readyz: a live view (an acked bootstrap peer, an alive member, or no other bootstrap peer). */
  readiness(): JoinReadiness {
    return this.join.readiness(this.ctx.membership.aliveCount);
  }

  /** Our own alive messages carry this from the next one on. */
  updateMetadata(metadata: Uint8Array): void {
    this.ctx.self.updateMetadata(metadata);
  }

  // ------------------------------------------------------------------ joining

  /** Fabric's connect2BootstrapPeers: connects to every configured bootstrap peer. */
  connectToBootstrapPeers(): void {
    this.join.connectToBootstrapPeers();
  }

  /**
   * Fabric's Connect: joins through `target` in the background: up to
   * maxConnectionAttempts handshakes (identify), then a membership request
   * resent until acked.
   */
  connect(target: ConnectTarget, identify: Identify): void {
    this.join.connect(target, identify);
  }

  // ---------------------------------------------------------- incoming messages

  /**
   * Fabric's handleMsgFromComm: an alive message, membership request or
   * membership response. The router already checked the EMPTY tag.
   */
  handleMsgFromComm(received: ReceivedMessage): void {
    if (this.ctx.lifetime.ended) return;
    try {
      this.dispatch(received);
    } catch (err) {
      // Remote input must never take the node down; a bug here is logged and the message dropped.
      drop(this.ctx, "invalid", `handling failed: ${errorMessage(err)}`, received);
      this.ctx.logger.error(
        { err, endpoint: received.sender.endpoint },
        "failed handling a membership message",
      );
    }
  }

  private dispatch(received: ReceivedMessage): void {
    // Fabric's comm remembers every handshaked identity; so do we, once per message, so the
    // sender's own alive messages verify even without an attached certificate.
    const { identities } = this.ctx;
    if (!identities.has(received.sender.pkiId)) identities.put(received.sender.identity);
    const kind = kindOf(received.signed.message);
    switch (kind) {
      case "mem_req":
        this.exchange.handleMembershipRequest(received);
        return;
      case "alive":
        this.alive.handleGossipedAlive(received);
        return;
      case "mem_res":
        this.exchange.handleMembershipResponse(received);
        return;
      default:
        drop(this.ctx, "unsupported", `discovery does not handle ${kind} messages`, received);
    }
  }
}
