// Identity dissemination (Fabric's certStore over a pull mediator for
// IDENTITY_MSG). Alive messages carry their sender's certificate only for
// publishCertPeriod after it starts, so a node that joins later learns the
// others' identities here: every pullInterval it says hello to a few alive
// members, they answer with the PKI-IDs they hold, it asks for the missing
// ones and receives their signed PeerIdentity messages, each validated before
// it is stored. It also answers other peers' hellos and requests.
import { setMaxListeners } from "node:events";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import { sleep } from "../clock/clock.js";
import type { CommService, ReceivedMessage, RemotePeer } from "../comm/comm-service.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { IdentityError } from "../identity/errors.js";
import { pkiIdHex, pkiIdOf } from "../identity/pki-id.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { NodeMetrics } from "../observability/metrics.js";
import type { DropReason } from "../protocol/drop-reasons.js";
import { gossip } from "../protocol/generated/wire.js";
import { toBigInt } from "../protocol/long.js";
import {
  dataRequestMessage,
  dataUpdateMessage,
  digestMessage,
  hasEmptyTag,
  helloMessage,
  kindOf,
  type MessageKind,
  peerIdentityMessage,
  randomNonce,
} from "../protocol/messages.js";
import {
  encodeEnvelope,
  openEnvelope,
  type SignedGossipMessage,
  signMessage,
  unsignedMessage,
  verifyMessage,
} from "../protocol/signed-message.js";
import { sameBytes } from "../util/bytes.js";
import { pickRandom } from "../util/random.js";
import type { IdentityStore } from "./identity-store.js";

/** Bounds on what one peer can make us hold or process. */
export interface IdentityPullLimits {
  /** Digests or envelopes read from one message; the rest are ignored. */
  maxItemsPerMessage: number;
  /** Hellos we answer and keep a nonce for at once, from all peers (each kept pullRequestWait). */
  maxIncomingNonces: number;
  /** The same, from one peer: an honest one has one hello in flight per pullInterval. */
  maxIncomingNoncesPerPeer: number;
}

export const DEFAULT_PULL_LIMITS: Readonly<IdentityPullLimits> = Object.freeze({
  maxItemsPerMessage: 1_000,
  maxIncomingNonces: 1_000,
  maxIncomingNoncesPerPeer: 10,
});

/** The node services the membership layer (the pull, and discovery) is built on. */
export interface MembershipDeps {
  signer: SigningIdentity;
  comm: CommService;
  validator: IdentityValidator;
  /** Shared by discovery and the identity pull: validated identities by PKI-ID. */
  identities: IdentityStore;
  timings: GossipTimings;
  clock: Clock;
  logger: Logger;
  metrics: NodeMetrics;
}

/** Pulled identities go into `identities`, the store discovery verifies with. */
export interface IdentityPullOptions extends MembershipDeps {
  /** The alive members to pull from (discovery.alivePeers()). */
  peers: () => RemotePeer[];
  /**
   * A member's external endpoint (discovery.externalEndpointOf). Identities of
   * members without one are not shown to peers of other orgs, as in Fabric;
   * without this function, such peers get only our org's and their own org's.
   */
  externalEndpointOf?: (pkiId: Uint8Array) => string | undefined;
  limits?: Partial<IdentityPullLimits>;
}

interface HeldIdentity {
  readonly pkiId: Uint8Array;
  readonly mspId: string;
  /**
   * The signed PeerIdentity envelope re-encoded into bytes of its own: not the decoded
   * message, nor a view that would keep the whole DataUpdate it arrived in. Its payload
   * and signature are the received bytes.
   */
  readonly envelope: Uint8Array;
}

/** The initiator side of one round. */
interface Round {
  /** nonce -> the peer the hello went to. */
  readonly nonces: Map<bigint, RemotePeer>;
  /** missing item (hex) -> peers that offered it. */
  readonly offers: Map<string, { pkiId: Uint8Array; owners: bigint[] }>;
  phase: "digests" | "responses";
}

const IDENTITY_MSG = gossip.PullMsgType.IDENTITY_MSG;

export class IdentityPull {
  private readonly options: IdentityPullOptions;
  private readonly limits: IdentityPullLimits;
  private readonly selfHex: string;
  private readonly selfMessage: SignedGossipMessage;
  /** Signed PeerIdentity messages received and validated, by hex PKI-ID. */
  private readonly held = new Map<string, HeldIdentity>();
  /** Per sender (hex PKI-ID): nonces of hellos we answered -> when they stop being honoured (clock ms). */
  private readonly incomingNonces = new Map<string, Map<bigint, number>>();
  private incomingNonceCount = 0;
  private readonly lifetime = new AbortController();
  private timer: { cancel(): void } | undefined;
  private round: Round | undefined;
  private roundTask: Promise<void> | undefined;
  private stopped = false;

  constructor(options: IdentityPullOptions) {
    this.options = options;
    this.limits = { ...DEFAULT_PULL_LIMITS, ...options.limits };
    this.selfHex = pkiIdHex(options.signer.pkiId);
    setMaxListeners(0, this.lifetime.signal);
    // Fabric's createIdentityMessage: our certificate, signed by us.
    this.selfMessage = signMessage(
      peerIdentityMessage(options.signer.pkiId, options.signer.serialized),
      (data) => options.signer.sign(data),
    );
  }

  /** Our own signed PeerIdentity message, as served to others. */
  get identityMessage(): SignedGossipMessage {
    return this.selfMessage;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = this.options.clock.setInterval(() => {
      if (this.roundTask) return;
      this.pullOnce().catch((err) => this.options.logger.error({ err }, "identity pull round failed"));
    }, this.options.timings.pullInterval);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.lifetime.abort(new Error("identity pull stopped"));
    await this.roundTask;
    this.incomingNonces.clear();
    this.incomingNonceCount = 0;
  }

  /** Hex PKI-IDs whose signed identity we can serve (ours included). */
  heldIdentities(): string[] {
    return [this.selfHex, ...this.servable().map((h) => pkiIdHex(h.pkiId))];
  }

  /**
   * One pull round: hello to pullPeerNum random alive members, collect
   * digests for pullDigestWait, request what is missing, accept updates for
   * pullResponseWait. Resolves when the round ends; rounds never overlap.
   */
  pullOnce(): Promise<void> {
    if (this.roundTask) return this.roundTask;
    if (this.stopped) return Promise.resolve();
    const task = this.runRound().finally(() => {
      this.round = undefined;
      this.roundTask = undefined;
    });
    this.roundTask = task;
    return task;
  }

  private async runRound(): Promise<void> {
    const { comm, clock, timings, logger } = this.options;
    const signal = this.lifetime.signal;
    const targets = pickRandom(this.options.peers(), timings.pullPeerNum);
    if (targets.length === 0) return;
    const round: Round = { nonces: new Map(), offers: new Map(), phase: "digests" };
    this.round = round;
    for (const peer of targets) {
      let nonce = randomNonce();
      while (round.nonces.has(nonce)) nonce = randomNonce();
      round.nonces.set(nonce, peer);
      comm.send(unsignedMessage(helloMessage(nonce)), peer);
    }
    try {
      await sleep(clock, timings.pullDigestWait, signal);
    } catch {
      return;
    }

    round.phase = "responses";
    const requests = new Map<bigint, Uint8Array[]>();
    for (const { pkiId, owners } of round.offers.values()) {
      const [owner] = pickRandom(owners, 1) as [bigint]; // offers always have an owner
      const items = requests.get(owner) ?? [];
      items.push(pkiId);
      requests.set(owner, items);
    }
    for (const [nonce, items] of requests) {
      const peer = round.nonces.get(nonce);
      if (peer) comm.send(unsignedMessage(dataRequestMessage(nonce, items)), peer);
    }
    if (requests.size > 0) logger.debug({ requested: round.offers.size }, "requested missing identities");
    try {
      await sleep(clock, timings.pullResponseWait, signal);
    } catch {
      return;
    }
  }

  /** Handles hello / data_dig / data_req / data_update messages of type IDENTITY_MSG. */
  handleMessage(received: ReceivedMessage): void {
    if (this.stopped) return;
    try {
      this.dispatch(received);
    } catch (err) {
      // Remote input must never take the node down.
      this.drop(kindOf(received.signed.message), "invalid", `handling failed: ${(err as Error).message}`);
      this.options.logger.error({ err }, "failed handling an identity pull message");
    }
  }

  private dispatch(received: ReceivedMessage): void {
    const { message } = received.signed;
    const pull = message.hello ?? message.dataDig ?? message.dataReq ?? message.dataUpdate;
    if (!pull) {
      // A PeerIdentity on its own included: Fabric carries them only inside DataUpdates.
      this.drop(kindOf(message), "unsupported", `identity pull does not handle ${kindOf(message)} messages`);
      return;
    }
    if (pull.msgType !== IDENTITY_MSG) {
      this.drop(kindOf(message), "unsupported", `not an identity pull message (msg_type ${pull.msgType})`);
      return;
    }
    const nonce = toBigInt(pull.nonce);
    if (message.hello) this.onHello(received, nonce);
    else if (message.dataDig) this.onDigest(received, nonce, message.dataDig.digests ?? []);
    else if (message.dataReq) this.onRequest(received, nonce, message.dataReq.digests ?? []);
    else if (message.dataUpdate) this.onUpdate(received, nonce, message.dataUpdate.data ?? []);
  }

  // --------------------------------------------------------------- responder

  private onHello(received: ReceivedMessage, nonce: bigint): void {
    const now = this.options.clock.now();
    this.pruneIncomingNonces(now);
    const sender = pkiIdHex(received.sender.pkiId);
    const fromSender = this.incomingNonces.get(sender) ?? new Map<bigint, number>();
    if (!fromSender.has(nonce)) {
      if (this.incomingNonceCount >= this.limits.maxIncomingNonces) {
        this.drop("hello", "overflow", "too many identity pull hellos in flight");
        return;
      }
      if (fromSender.size >= this.limits.maxIncomingNoncesPerPeer) {
        this.drop("hello", "overflow", "too many identity pull hellos in flight from one peer");
        return;
      }
      this.incomingNonceCount++;
    }
    fromSender.set(nonce, now + this.options.timings.pullRequestWait);
    this.incomingNonces.set(sender, fromSender);
    const visible = this.visibleTo(received);
    const digests = [this.options.signer.pkiId, ...this.servable().map((h) => h.pkiId)].filter((id) =>
      visible(id),
    );
    if (digests.length === 0) return;
    received.respond(unsignedMessage(digestMessage(nonce, digests)));
  }

  private onRequest(received: ReceivedMessage, nonce: bigint, digests: Uint8Array[]): void {
    // Only the peer we sent the digest to may request with its nonce, within pullRequestWait.
    const expiresAt = this.incomingNonces.get(pkiIdHex(received.sender.pkiId))?.get(nonce);
    if (expiresAt === undefined || expiresAt < this.options.clock.now()) {
      this.drop(
        "data_req",
        "unsolicited",
        "identity request with no digest of ours to answer (unknown or expired nonce)",
      );
      return;
    }
    const visible = this.visibleTo(received);
    const envelopes: gossip.IEnvelope[] = [];
    for (const pkiId of digests.slice(0, this.limits.maxItemsPerMessage)) {
      if (!visible(pkiId)) continue;
      const hex = pkiIdHex(pkiId);
      if (hex === this.selfHex) envelopes.push(this.selfMessage.envelope);
      else {
        const held = this.servableOne(hex);
        if (held) envelopes.push(gossip.Envelope.decode(held.envelope));
      }
    }
    if (envelopes.length === 0) return;
    received.respond(unsignedMessage(dataUpdateMessage(nonce, envelopes)));
  }

  /**
   * Fabric's sameOrgOrOurOrgPullFilter: a peer of our org sees every identity;
   * a peer of another org sees those of our org and of its own, and only of
   * members that have an external endpoint.
   */
  private visibleTo(received: ReceivedMessage): (pkiId: Uint8Array) => boolean {
    const selfMsp = this.options.signer.mspId;
    const requesterOrg = received.sender.identity.mspId;
    if (requesterOrg === selfMsp) return () => true;
    return (pkiId) => {
      const hex = pkiIdHex(pkiId);
      const org = hex === this.selfHex ? selfMsp : this.options.identities.get(hex)?.mspId;
      if (!org || (org !== selfMsp && org !== requesterOrg)) return false;
      const endpointOf = this.options.externalEndpointOf;
      return endpointOf ? (endpointOf(pkiId) ?? "") !== "" : true;
    };
  }

  private pruneIncomingNonces(now: number): void {
    for (const [sender, nonces] of this.incomingNonces) {
      for (const [nonce, expiresAt] of nonces) {
        if (expiresAt >= now) continue;
        nonces.delete(nonce);
        this.incomingNonceCount--;
      }
      if (nonces.size === 0) this.incomingNonces.delete(sender);
    }
  }

  // --------------------------------------------------------------- initiator

  private onDigest(received: ReceivedMessage, nonce: bigint, digests: Uint8Array[]): void {
    const round = this.round;
    const peer = round?.nonces.get(nonce);
    if (round?.phase !== "digests" || !peer) {
      this.drop("data_dig", "unsolicited", "identity digest answering no hello of the current round");
      return;
    }
    if (!sameBytes(peer.pkiId, received.sender.pkiId)) {
      this.drop("data_dig", "invalid", "identity digest from a peer the hello did not go to");
      return;
    }
    if (digests.length > this.limits.maxItemsPerMessage)
      this.drop("data_dig", "overflow", "identity digest too long, truncated");
    for (const pkiId of digests.slice(0, this.limits.maxItemsPerMessage)) {
      if (pkiId.length === 0 || pkiId.length > 64) continue;
      const hex = pkiIdHex(pkiId);
      if (hex === this.selfHex || this.servableOne(hex)) continue;
      const offer = round.offers.get(hex);
      if (offer) {
        if (!offer.owners.includes(nonce)) offer.owners.push(nonce);
      } else if (round.offers.size < this.limits.maxItemsPerMessage) {
        round.offers.set(hex, { pkiId, owners: [nonce] });
      }
    }
  }

  private onUpdate(received: ReceivedMessage, nonce: bigint, envelopes: gossip.IEnvelope[]): void {
    // Fabric's PullEngine.OnRes: only an answer to a request of the current round, once it asks.
    // Anything else (a late answer, one before we requested, or one nobody asked for) answers
    // no request of ours: dropped as "invalid", its identities unread.
    const round = this.round;
    const peer = round?.nonces.get(nonce);
    if (round?.phase !== "responses" || !peer) {
      this.drop("data_update", "invalid", "identity update for no request of the current round");
      return;
    }
    if (!sameBytes(peer.pkiId, received.sender.pkiId)) {
      this.drop("data_update", "invalid", "identity update from a peer the request did not go to");
      return;
    }
    if (envelopes.length > this.limits.maxItemsPerMessage)
      this.drop("data_update", "overflow", "identity update too long, truncated");
    for (const envelope of envelopes.slice(0, this.limits.maxItemsPerMessage)) this.learn(envelope);
  }

  /** Validates one signed PeerIdentity message and stores it; counts it as dropped when it fails. */
  private learn(envelope: gossip.IEnvelope): void {
    const verdict = this.judge(envelope);
    if (verdict === "self" || verdict === "held") return;
    if ("reason" in verdict) {
      this.drop(verdict.type ?? "peer_identity", verdict.reason, verdict.detail);
      return;
    }
    const { identity, signed } = verdict;
    this.options.identities.put(identity);
    const hex = pkiIdHex(identity.pkiId);
    const bytes = new Uint8Array(encodeEnvelope(signed.envelope));
    this.held.set(hex, { pkiId: identity.pkiId, mspId: identity.mspId, envelope: bytes });
    this.options.logger.debug({ pki_id: hex, msp_id: identity.mspId }, "learned an identity");
  }

  /** Fabric's validateIdentityMsg: a PeerIdentity whose PKI-ID is its certificate's, valid, and signed by it. */
  private judge(
    envelope: gossip.IEnvelope,
  ):
    | "self"
    | "held"
    | { reason: DropReason; detail: string; type?: MessageKind }
    | { identity: ValidatedIdentity; signed: SignedGossipMessage } {
    let signed: SignedGossipMessage;
    try {
      signed = openEnvelope(envelope);
    } catch {
      return { reason: "malformed", detail: "identity message does not decode", type: "unknown" };
    }
    const identityMsg = signed.message.peerIdentity;
    if (
      kindOf(signed.message) !== "peer_identity" ||
      !identityMsg?.pkiId?.length ||
      !identityMsg.cert?.length
    ) {
      return { reason: "invalid", detail: "not a PeerIdentity message", type: kindOf(signed.message) };
    }
    if (!hasEmptyTag(signed.message))
      return { reason: "bad_tag", detail: "PeerIdentity message without tag EMPTY" };
    const hex = pkiIdHex(identityMsg.pkiId);
    if (hex === this.selfHex) return "self";
    if (this.servableOne(hex)) return "held";
    let computed: Uint8Array;
    try {
      computed = pkiIdOf(identityMsg.cert);
    } catch {
      return { reason: "invalid", detail: "PeerIdentity certificate is not a serialized identity" };
    }
    if (!sameBytes(computed, identityMsg.pkiId)) {
      return { reason: "invalid", detail: "PeerIdentity PKI-ID does not match its certificate" };
    }
    let identity: ValidatedIdentity;
    try {
      identity = this.options.validator.validate(identityMsg.cert);
    } catch (err) {
      const why = err instanceof IdentityError ? err.reason : "malformed";
      return { reason: "invalid", detail: `PeerIdentity certificate refused (${why})` };
    }
    if (!verifyMessage(signed, (data, sig) => identity.verify(data, sig))) {
      return { reason: "bad_signature", detail: "PeerIdentity message signature does not verify" };
    }
    return { identity, signed };
  }

  // ----------------------------------------------------------------- helpers

  /** Held identities still present (not purged, not expired) in the identity store. */
  private servable(): HeldIdentity[] {
    const out: HeldIdentity[] = [];
    for (const hex of [...this.held.keys()]) {
      const held = this.servableOne(hex);
      if (held) out.push(held);
    }
    return out;
  }

  private servableOne(hex: string): HeldIdentity | undefined {
    const held = this.held.get(hex);
    if (!held) return undefined;
    if (!this.options.identities.has(hex)) {
      // Purged with its member or expired: stop serving it.
      this.held.delete(hex);
      return undefined;
    }
    return held;
  }

  /** Counts a drop by the type of the message dropped (an identity inside an update is a peer_identity). */
  private drop(type: MessageKind, reason: DropReason, detail: string): void {
    this.options.metrics.tallies.dropped(type, reason);
    this.options.logger.debug({ type, reason }, `identity pull dropped: ${detail}`);
  }
}
