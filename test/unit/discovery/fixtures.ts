// Test nodes for discovery and identity-pull tests: the node's membership layer
// (discovery, identity pull and the message router) over the in-memory network,
// real certificates, one manual clock.
import type { Tracer } from "@opentelemetry/api";
import type { IdentityPull } from "../../../src/certstore/identity-pull.js";
import { IdentityStore } from "../../../src/certstore/identity-store.js";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import type { ReceivedMessage } from "../../../src/comm/comm-service.js";
import { FAST_TIMINGS, type GossipTimings } from "../../../src/config/gossip-config.js";
import type { AliveStore } from "../../../src/discovery/alive-store.js";
import type { DiscoveryContext } from "../../../src/discovery/context.js";
import type { Discovery } from "../../../src/discovery/discovery.js";
import type { MembershipEvent } from "../../../src/discovery/events.js";
import type { Membership } from "../../../src/discovery/membership.js";
import type { PeriodicTasks } from "../../../src/discovery/periodic.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../../src/identity/signing-identity.js";
import { IdentityValidator, type ValidatedIdentity } from "../../../src/identity/validator.js";
import { createMembershipLayer } from "../../../src/node/membership-layer.js";
import { routeMessage } from "../../../src/node/message-router.js";
import { type Logger, silentLogger } from "../../../src/observability/logger.js";
import { createNodeMetrics, type NodeMetrics } from "../../../src/observability/metrics.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { aliveMessage, type PeerTime } from "../../../src/protocol/messages.js";
import {
  openEnvelope,
  type SignedGossipMessage,
  signMessage,
  withInternalEndpoint,
} from "../../../src/protocol/signed-message.js";
import type { PubSub } from "../../../src/pubsub/pubsub.js";
import { makeOrg, type TestOrg } from "../../support/identities.js";
import { type InMemoryComm, InMemoryNetwork } from "../../support/in-memory-comm.js";

/** Short, test-friendly timings: a cluster converges in a few simulated seconds. */
export const TEST_TIMINGS: Readonly<GossipTimings> = Object.freeze({
  ...FAST_TIMINGS,
  aliveTimeInterval: 200,
  aliveExpirationTimeout: 1_500,
  reconnectInterval: 500,
  maxConnectionAttempts: 5,
  membershipAckTimeout: 500,
  msgExpirationFactor: 4,
  publishCertPeriod: 1_000,
  pullInterval: 400,
  pullDigestWait: 100,
  pullRequestWait: 300,
  pullResponseWait: 200,
});

const orgCache = new Map<string, Promise<TestOrg>>();
/** Issued peers per org, reused across clusters of a test file (issuing costs a few ms each). */
const signerPool = new Map<string, Promise<SigningIdentity>[]>();

/** Orgs are cached per test file (creating a CA takes a few ms). */
export function org(mspId: string): Promise<TestOrg> {
  let cached = orgCache.get(mspId);
  if (!cached) {
    cached = makeOrg(mspId);
    orgCache.set(mspId, cached);
  }
  return cached;
}

export interface NodeSpec {
  org?: string;
  /** Internal endpoint; default node<n>:7051. */
  endpoint?: string;
  /** External endpoint; defaults to the internal one, "" for none. */
  externalEndpoint?: string;
  bootstrap?: string[];
  timings?: Partial<GossipTimings>;
  /** Reuse an identity (a restart); a fresh peer of the org otherwise. */
  signer?: SigningIdentity;
  tracer?: Tracer;
  /** Start discovery, the identity pull and bootstrap connects at once (default true). */
  start?: boolean;
  /** Silent by default. */
  logger?: Logger;
}

export interface TestNode {
  readonly name: string;
  readonly endpoint: string;
  readonly signer: SigningIdentity;
  readonly hex: string;
  readonly comm: InMemoryComm;
  readonly discovery: Discovery;
  readonly pull: IdentityPull;
  readonly identities: IdentityStore;
  readonly metrics: NodeMetrics;
  readonly events: MembershipEvent[];
  readonly bootstrap: string[];
  start(): void;
  stop(): Promise<void>;
  /** Hex PKI-IDs of the members it sees alive. */
  alive(): string[];
  dead(): string[];
}

export class TestCluster {
  readonly clock = new ManualClock(Date.now());
  readonly network = new InMemoryNetwork();
  readonly nodes: TestNode[] = [];
  private trusted: TestOrg[] = [];
  private counter = 0;
  private readonly signersUsed = new Map<string, number>();

  /** A validator trusting every org created so far, on the cluster's clock. */
  validator(): IdentityValidator {
    return new IdentityValidator(
      this.trusted.map((o) => o.trust),
      () => this.clock.now(),
    );
  }

  async trust(...mspIds: string[]): Promise<TestOrg[]> {
    const orgs = await Promise.all(mspIds.map(org));
    for (const o of orgs) if (!this.trusted.includes(o)) this.trusted.push(o);
    return orgs;
  }

  /** A peer identity of the org, distinct from every other one this cluster handed out. */
  async newSigner(mspId = "Org1MSP"): Promise<SigningIdentity> {
    const [o] = await this.trust(mspId);
    const used = this.signersUsed.get(mspId) ?? 0;
    this.signersUsed.set(mspId, used + 1);
    const pool = signerPool.get(mspId) ?? [];
    signerPool.set(mspId, pool);
    while (pool.length <= used) pool.push((o as TestOrg).newPeer().then((p) => p.signingIdentity));
    return pool[used] as Promise<SigningIdentity>;
  }

  async addNode(spec: NodeSpec = {}): Promise<TestNode> {
    const mspId = spec.org ?? "Org1MSP";
    await this.trust(mspId);
    const n = this.counter++;
    const endpoint = spec.endpoint ?? `node${n}:7051`;
    const signer = spec.signer ?? (await this.newSigner(mspId));
    const validator = this.validator();
    const timings = { ...TEST_TIMINGS, ...spec.timings };
    const externalEndpoint = spec.externalEndpoint ?? endpoint;
    const aliases = externalEndpoint !== "" && externalEndpoint !== endpoint ? [externalEndpoint] : [];
    const identities = new IdentityStore({ clock: this.clock });
    const comm = this.network.join({
      endpoint,
      aliases,
      signer,
      validator,
      identityOf: (pkiId) => identities.get(pkiId),
    });
    const metrics = createNodeMetrics();
    const logger = spec.logger ?? silentLogger();
    const bootstrap = spec.bootstrap ?? [];
    const layer = createMembershipLayer({
      self: { endpoint: externalEndpoint, internalEndpoint: endpoint },
      signer,
      comm,
      validator,
      identities,
      timings,
      clock: this.clock,
      logger,
      metrics,
      tracer: spec.tracer,
      bootstrapEndpoints: bootstrap,
    });
    const { discovery, identityPull: pull } = layer;
    const events: MembershipEvent[] = [];
    discovery.on("membership", (event) => events.push(event));
    const node: TestNode = {
      name: `node${n}`,
      endpoint,
      signer,
      hex: pkiIdHex(signer.pkiId),
      comm,
      discovery,
      pull,
      identities,
      metrics,
      events,
      bootstrap,
      start() {
        layer.start();
        for (const target of bootstrap) connectTo(node, target);
      },
      async stop() {
        await layer.stop();
        await comm.stop();
      },
      alive: () =>
        discovery
          .members()
          .filter((m) => m.state === "alive")
          .map((m) => m.pkiId),
      dead: () =>
        discovery
          .members()
          .filter((m) => m.state === "dead")
          .map((m) => m.pkiId),
    };
    this.nodes.push(node);
    if (spec.start !== false) node.start();
    return node;
  }

  /**
   * Advances the clock in steps until the predicate holds; fails after
   * timeoutMs of simulated time. The bounded wait tests use instead of sleeps.
   */
  async until(predicate: () => boolean, what: string, timeoutMs = 20_000, stepMs = 50): Promise<number> {
    for (let waited = 0; ; waited += stepMs) {
      if (predicate()) return waited;
      if (waited >= timeoutMs) throw new Error(`${what}: not reached within ${timeoutMs} ms of clock time`);
      await this.clock.advance(stepMs);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}

/** The node layer's bootstrap identify: handshake, then same-org check and PKI-ID. */
export function connectTo(node: TestNode, endpoint: string): void {
  node.discovery.connect({ endpoint, internalEndpoint: endpoint }, async (signal) => {
    const identity = await node.comm.handshake(endpoint, undefined, signal);
    return { pkiId: identity.pkiId, selfOrg: identity.mspId === node.signer.mspId, identity };
  });
}

// ---------------------------------------------------------------- crafting

/** A plausible inc_num (a start time in ns), and a timestamp in that incarnation. */
export const T0 = 1_700_000_000_000_000_000n;
export const at = (seqNum: number, incNum = T0): PeerTime => ({ incNum, seqNum: BigInt(seqNum) });

export interface AliveSpec {
  time: PeerTime;
  endpoint?: string;
  internalEndpoint?: string;
  metadata?: Uint8Array;
  /** Attach the signer's identity (default true). */
  withIdentity?: boolean;
  /** Sign with this key instead (a forgery). */
  signWith?: SigningIdentity;
}

/** An alive message about `signer`, signed as specified. */
export function craftAlive(signer: SigningIdentity, spec: AliveSpec): SignedGossipMessage {
  const sign = (data: Uint8Array) => (spec.signWith ?? signer).sign(data);
  const signed = signMessage(
    aliveMessage({
      endpoint: spec.endpoint ?? "",
      pkiId: signer.pkiId,
      metadata: spec.metadata,
      time: spec.time,
      identity: spec.withIdentity === false ? undefined : signer.serialized,
    }),
    sign,
  );
  return spec.internalEndpoint ? withInternalEndpoint(signed, spec.internalEndpoint, sign) : signed;
}

/** Replies a handler sent through received.respond. */
export interface Replies {
  readonly messages: SignedGossipMessage[];
}

/** A ReceivedMessage from `sender` over a handshaked connection, its replies collected. */
export function receivedFrom(
  sender: { signer: SigningIdentity; endpoint: string },
  validator: IdentityValidator,
  signed: SignedGossipMessage,
): ReceivedMessage & Replies {
  const identity: ValidatedIdentity = validator.validate(sender.signer.serialized);
  const messages: SignedGossipMessage[] = [];
  // Re-decoded, as it would arrive from the wire.
  const wire = openEnvelope(gossip.Envelope.decode(gossip.Envelope.encode(signed.envelope).finish()));
  return {
    signed: wire,
    sender: { pkiId: identity.pkiId, endpoint: sender.endpoint, identity },
    respond: (reply) => messages.push(reply),
    messages,
  };
}

/** The value of a counter or gauge for the given labels (0 when never set). */
export async function metric(
  m: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> },
  labels: Record<string, string> = {},
): Promise<number> {
  const { values } = await m.get();
  // Summed over the series the labels match, as PromQL's sum() would: a label left out is any value.
  const hits = values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return hits.reduce((sum, v) => sum + v.value, 0);
}

/** Opens the alive envelopes of a membership response. */
export function responseMembers(reply: SignedGossipMessage): {
  alive: SignedGossipMessage[];
  dead: SignedGossipMessage[];
} {
  const res = reply.message.memRes;
  return {
    alive: (res?.alive ?? []).map((e) => openEnvelope(e)),
    dead: (res?.dead ?? []).map((e) => openEnvelope(e)),
  };
}

/** A bare peer on the network: an identity and a comm whose incoming messages are collected. */
export interface RemotePeerUnderTest {
  readonly signer: SigningIdentity;
  readonly endpoint: string;
  readonly hex: string;
  readonly comm: InMemoryComm;
  readonly inbox: ReceivedMessage[];
}

export async function remotePeer(
  cluster: TestCluster,
  endpoint: string,
  mspId = "Org1MSP",
): Promise<RemotePeerUnderTest> {
  const signer = await cluster.newSigner(mspId);
  const comm = cluster.network.join({ endpoint, signer, validator: cluster.validator() });
  const inbox: ReceivedMessage[] = [];
  void (async () => {
    for await (const received of comm.messages()) inbox.push(received);
  })();
  return { signer, endpoint, hex: pkiIdHex(signer.pkiId), comm, inbox };
}

/** A node driven by direct calls, the validator its peers' messages are checked with, and bare remote peers. */
export interface NodeUnderTest {
  readonly node: TestNode;
  readonly validator: IdentityValidator;
  readonly peers: RemotePeerUnderTest[];
}

/**
 * A node at x:7051, not started (no periodic task interferes with what a test sends), in a
 * cluster trusting `mspIds`, with a bare remote peer at each endpoint.
 */
export async function nodeUnderTest(
  cluster: TestCluster,
  mspIds: string[],
  peerEndpoints: string[],
): Promise<NodeUnderTest> {
  await cluster.trust(...mspIds);
  const node = await cluster.addNode({ endpoint: "x:7051", start: false });
  const peers: RemotePeerUnderTest[] = [];
  for (const endpoint of peerEndpoints) peers.push(await remotePeer(cluster, endpoint));
  return { node, validator: cluster.validator(), peers };
}

/**
 * Discovery's private parts, for the few tests that must short-cut them
 * (expiry without waiting, a subscription of their own). Nothing else reaches in.
 */
export interface DiscoveryInternals {
  membership: Membership;
  aliveStore: AliveStore;
  pubsub: PubSub<bigint>;
  expireDeadMembers(hexes: string[]): void;
  periodicalCheckAlive(): void;
}

export function internals(discovery: Discovery): DiscoveryInternals {
  const { ctx, periodic } = discovery as unknown as { ctx: DiscoveryContext; periodic: PeriodicTasks };
  return {
    membership: ctx.membership,
    aliveStore: ctx.aliveStore,
    pubsub: ctx.pubsub,
    expireDeadMembers: (hexes) => periodic.expireDeadMembers(hexes),
    periodicalCheckAlive: () => periodic.periodicalCheckAlive(),
  };
}

/** Delivers a message as the node's router does: tag and kind checked, then handed to its owner. */
export function deliver(node: TestNode, received: ReceivedMessage): void {
  routeMessage(received, { membership: node.discovery, identityPull: node.pull }, node.metrics);
}
