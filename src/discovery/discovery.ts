// Fabric's gossip discovery (gossipDiscoveryImpl): the membership state machine.
// It joins through connect() (handshake, then a membership request resent until
// a response acks its nonce), learns members from alive messages and membership
// responses, heartbeats its own alive message, declares silent members dead,
// probes dead ones until they come back, and purges the long dead. Messages come
// in through handleMessage (the node routes them); it never touches a socket.
import { setMaxListeners } from "node:events";
import { context, ROOT_CONTEXT, type Span, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { IdentityStore } from "../certstore/identity-store.js";
import { type Clock, sleep, type TimerHandle } from "../clock/clock.js";
import type { CommService, ReceivedMessage, RemotePeer } from "../comm/comm-service.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { parseSingleCertificatePem } from "../identity/certificate.js";
import { verifyLowS } from "../identity/ecdsa.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { DropReason, MembershipEventKind, NodeMetrics } from "../observability/metrics.js";
import type { gossip } from "../protocol/generated/wire.js";
import { toBigInt } from "../protocol/long.js";
import {
  aliveMessage,
  compareTime,
  hasEmptyTag,
  kindOf,
  membershipRequest,
  membershipResponse,
  randomNonce,
} from "../protocol/messages.js";
import {
  openEnvelope,
  type SignedGossipMessage,
  signMessage,
  unsignedMessage,
  withInternalEndpoint,
  withoutSecret,
} from "../protocol/signed-message.js";
import { PubSub } from "../pubsub/pubsub.js";
import { abortable } from "../util/abortable.js";
import { sameBytes } from "../util/bytes.js";
import { tryParseHostPort } from "../util/host-port.js";
import { pickRandom } from "../util/random.js";
import { type AckedSendDeps, ackTopic, sendUntilAcked } from "./acked-send.js";
import { type AliveRecord, authenticateAlive, parseAlive, verifyAliveSignatures } from "./alive-message.js";
import { AliveStore } from "./alive-store.js";
import {
  type ConnectionRecord,
  type ConnectionState,
  type ConnectionStatus,
  isInProgress,
} from "./connections.js";
import { aliveRouting, disclosurePolicy, type OrgLookup } from "./disclosure.js";
import { DiscoveryError, stoppedError } from "./errors.js";
import { MembershipEvents, type MembershipListener } from "./events.js";
import { type InvariantViolation, type MemberInfo, Membership } from "./membership.js";
import type { ConnectTarget, DiscoveryOptions, Identify, PeerIdentification, SelfMember } from "./options.js";
import { contextOf, noopTracer, peerAttributes } from "./tracing.js";

export type MemberState = "alive" | "dead";

/** One member as the admin API shows it; JSON-ready (uint64s as decimal strings). */
export interface MemberSnapshot {
  /** Lower-case hex PKI-ID. */
  readonly pkiId: string;
  readonly state: MemberState;
  readonly mspId: string | undefined;
  readonly endpoint: string;
  /** Known only for members of our org (it travels in SecretEnvelopes). */
  readonly internalEndpoint: string | undefined;
  /** Base64 of the member's metadata; absent when empty. */
  readonly metadata?: string;
  readonly incNum: string;
  readonly seqNum: string;
  /** Clock ms of the last alive message that moved the member forward. */
  readonly lastSeen: number;
  /** Clock ms at which the member entered its current state. */
  readonly stateSince: number;
}

/** This node as it advertises itself. */
export interface SelfSnapshot {
  readonly pkiId: string;
  readonly mspId: string;
  readonly endpoint: string;
  readonly internalEndpoint: string;
  readonly metadata?: string;
  readonly incNum: string;
  /** The sequence number of the last alive message created. */
  readonly seqNum: string;
  readonly startedAt: number;
}

export interface Readiness {
  /**
   * True once one of the other bootstrap peers acked a membership request, or
   * when none is configured. Entries naming this node (its own endpoints, or
   * whose handshake found itself: a seed lists itself) do not count.
   */
  readonly ready: boolean;
  /** Why not ready; empty when ready. */
  readonly reasons: string[];
  /** The bootstrap peers readiness waits for: the configured ones that are not this node. */
  readonly bootstrapEndpoints: readonly string[];
  readonly ackedBootstrapEndpoints: readonly string[];
}

const errorReason = (err: unknown): string => {
  const reason = (err as { reason?: unknown } | null)?.reason;
  return typeof reason === "string" ? reason : "handshake";
};

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class Discovery {
  private readonly selfMember: SelfMember;
  private readonly signer: SigningIdentity;
  private readonly comm: CommService;
  private readonly validator: IdentityValidator;
  private readonly identities: IdentityStore;
  private readonly timings: GossipTimings;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly metrics: NodeMetrics;
  private readonly tracer: Tracer;
  private readonly bootstrapEndpoints: ReadonlySet<string>;

  private readonly membership: Membership;
  private readonly aliveStore: AliveStore;
  private readonly pubsub: PubSub<bigint>;
  private readonly events: MembershipEvents;
  private readonly orgs: OrgLookup;
  private readonly ackedSend: AckedSendDeps;

  /** One controller for every wait: stop() aborts it. */
  private readonly lifetime = new AbortController();
  private readonly timers: TimerHandle[] = [];
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly connectionRecords = new Map<string, ConnectionRecord>();
  /** connect() calls made before start(): they begin when it runs. */
  private readonly deferredConnects: Array<() => void> = [];
  private readonly bootstrapPkiIds = new Set<string>();
  private readonly ackedBootstrap = new Set<string>();
  /** Endpoints whose handshake found this node itself (e.g. a seed listed in its own bootstrap). */
  private readonly selfAliases = new Set<string>();

  private readonly selfHex: string;
  private readonly selfPort: string | undefined;
  /** Fabric's inc_num: the creation time in nanoseconds, so a restarted node is newer. */
  private readonly incNum: bigint;
  private seqNum = 0n;
  private readonly includeIdentityUntil: number;
  private readonly startedAt: number;
  private selfAlive: SignedGossipMessage | undefined;
  /** Verifies messages that claim our PKI-ID; built on the first such message. */
  private selfVerifier: Pick<ValidatedIdentity, "verify"> | null | undefined;
  private started = false;
  private stopped = false;
  private reconnectRound: Promise<void> | undefined;

  constructor(options: DiscoveryOptions) {
    this.selfMember = { ...options.self, metadata: options.self.metadata ?? new Uint8Array(0) };
    this.signer = options.signer;
    this.comm = options.comm;
    this.validator = options.validator;
    this.identities = options.identities;
    this.timings = options.timings;
    this.clock = options.clock;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.tracer = options.tracer ?? noopTracer();
    this.bootstrapEndpoints = new Set((options.bootstrapEndpoints ?? []).filter((e) => e !== ""));
    this.selfPort = validateSelf(this.selfMember);
    // Every wait listens on the one lifetime signal; there are legitimately many.
    setMaxListeners(0, this.lifetime.signal);

    this.selfHex = pkiIdHex(this.signer.pkiId);
    // Fixed once, as Fabric does at NewDiscoveryService: every alive message, before start() too, carries the same inc_num.
    this.startedAt = this.clock.now();
    this.incNum = BigInt(this.startedAt) * 1_000_000n;
    this.includeIdentityUntil = this.startedAt + this.timings.publishCertPeriod;

    this.membership = new Membership((hex, violation) => this.onInvariantRepair(hex, violation));
    this.aliveStore = new AliveStore(
      this.clock,
      this.timings.aliveExpirationTimeout * this.timings.msgExpirationFactor,
      (record) => this.onAliveExpired(record),
    );
    this.pubsub = new PubSub<bigint>(this.clock);
    this.events = new MembershipEvents(this.logger);
    this.orgs = {
      selfMspId: this.signer.mspId,
      orgOf: (hex) => (hex === this.selfHex ? this.signer.mspId : this.identities.get(hex)?.mspId),
    };
    this.ackedSend = {
      pubsub: this.pubsub,
      comm: this.comm,
      clock: this.clock,
      timings: this.timings,
      metrics: this.metrics,
      tracer: this.tracer,
      logger: this.logger,
    };
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the periodic tasks (alive, expiry, reconnect, sync), consumes
   * comm.presumedDead() and comm.identityChanges(), and begins the connects made before.
   */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const t = this.timings;
    this.every(t.aliveTimeInterval, () => this.sendAlive());
    this.every(Math.max(1, Math.floor(t.aliveExpirationTimeout / 10)), () => this.checkAlive());
    this.every(t.reconnectInterval, () => this.reconnectToDead());
    this.every(t.pullInterval, () => this.syncMembership(t.pullPeerNum));
    this.every(this.aliveStore.checkIntervalMs, () => this.aliveStore.expire());
    this.track(this.consume(this.comm.presumedDead(), (pkiId) => this.onPresumedDead(pkiId)));
    this.track(this.consume(this.comm.identityChanges(), (pkiId) => this.onIdentityChanged(pkiId)));
    for (const begin of this.deferredConnects.splice(0)) begin();
    this.logger.info(
      {
        pkiId: this.selfHex,
        endpoint: this.selfMember.endpoint,
        internalEndpoint: this.selfMember.internalEndpoint,
      },
      "discovery started",
    );
  }

  /** Aborts every wait, cancels every timer and waits for in-flight work to end. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.lifetime.abort(stoppedError());
    for (const timer of this.timers.splice(0)) timer.cancel();
    this.deferredConnects.length = 0;
    for (const record of this.connectionRecords.values()) {
      if (record.state === "connecting") {
        record.state = "gave_up";
        record.lastError = { reason: "stopped", message: "discovery stopped", at: this.clock.now() };
      }
    }
    this.pubsub.close();
    await Promise.allSettled([...this.tasks]);
    this.logger.info("discovery stopped");
  }

  // ------------------------------------------------------------------ queries

  /** This node's own entry. */
  self(): SelfSnapshot {
    const metadata = this.selfMember.metadata ?? new Uint8Array(0);
    return {
      pkiId: this.selfHex,
      mspId: this.signer.mspId,
      endpoint: this.selfMember.endpoint,
      internalEndpoint: this.selfMember.internalEndpoint,
      ...(metadata.length > 0 ? { metadata: Buffer.from(metadata).toString("base64") } : {}),
      incNum: this.incNum.toString(),
      seqNum: this.seqNum.toString(),
      startedAt: this.startedAt,
    };
  }

  /** Alive and dead members (not ourselves). */
  members(): MemberSnapshot[] {
    const out: MemberSnapshot[] = [];
    for (const hex of this.membership.knownIds()) {
      const snapshot = this.snapshotOf(hex);
      if (snapshot) out.push(snapshot);
    }
    return out;
  }

  /** Self and every known member at once. */
  snapshot(): { self: SelfSnapshot; members: MemberSnapshot[] } {
    return { self: this.self(), members: this.members() };
  }

  /** A member by PKI-ID (bytes or hex); undefined for unknown ones and for ourselves (see self()). */
  member(pkiId: Uint8Array | string): MemberSnapshot | undefined {
    const hex = typeof pkiId === "string" ? pkiId.toLowerCase() : pkiIdHex(pkiId);
    return this.snapshotOf(hex);
  }

  /** Alive members as comm addresses them (internal endpoint preferred), e.g. for the identity pull. */
  alivePeers(): RemotePeer[] {
    const peers: RemotePeer[] = [];
    for (const hex of this.membership.aliveIds()) {
      const info = this.membership.info(hex);
      if (info) peers.push(remotePeerOf(info));
    }
    return peers;
  }

  /** The external endpoint of a member (ours included); undefined when unknown. */
  externalEndpointOf(pkiId: Uint8Array | string): string | undefined {
    const hex = typeof pkiId === "string" ? pkiId : pkiIdHex(pkiId);
    if (hex === this.selfHex) return this.selfMember.endpoint;
    return this.membership.info(hex)?.endpoint;
  }

  /** Subscribes to membership changes; returns the unsubscribe function. */
  on(event: "membership", listener: MembershipListener): () => void {
    if (event !== "membership") throw new TypeError(`unknown event ${String(event)}`);
    return this.events.on(listener);
  }

  off(event: "membership", listener: MembershipListener): void {
    if (event === "membership") this.events.off(listener);
  }

  /** Per connect() target: how far it got. */
  connections(): ConnectionStatus[] {
    return [...this.connectionRecords.values()].map((record) => ({ ...record }));
  }

  /** For /readyz: joined once another bootstrap peer acked, or when no other one is configured. */
  readiness(): Readiness {
    const others = [...this.bootstrapEndpoints].filter((endpoint) => !this.isMyOwnEndpoint(endpoint));
    const acked = others.filter((endpoint) => this.ackedBootstrap.has(endpoint));
    const ready = others.length === 0 || acked.length > 0;
    return {
      ready,
      reasons: ready ? [] : [`no bootstrap peer has acked a membership request yet (${others.join(", ")})`],
      bootstrapEndpoints: others,
      ackedBootstrapEndpoints: acked,
    };
  }

  /** Our own alive messages carry this from the next one on. */
  updateMetadata(metadata: Uint8Array): void {
    this.selfMember.metadata = metadata;
  }

  // ------------------------------------------------------------------ joining

  /**
   * Joins through `target` in the background: up to maxConnectionAttempts
   * handshakes (identify), then a membership request resent until acked.
   * Before start() the target waits, in state "connecting", for start() to begin it.
   */
  connect(target: ConnectTarget, identify: Identify): void {
    if (this.stopped) return;
    for (const endpoint of [target.internalEndpoint, target.endpoint]) {
      if (endpoint && this.isMyOwnEndpoint(endpoint)) {
        this.logger.debug({ endpoint }, "skipping connecting to myself");
        return;
      }
    }
    const endpoint = target.internalEndpoint || target.endpoint;
    if (!endpoint) return;
    const previous = this.connectionRecords.get(endpoint);
    if (previous && isInProgress(previous.state)) {
      this.logger.debug({ endpoint }, "already connecting");
      return;
    }
    const record: ConnectionRecord = {
      endpoint,
      bootstrap: this.bootstrapEndpoints.has(endpoint) || this.bootstrapEndpoints.has(target.endpoint),
      state: "connecting",
      attempts: 0,
      requestAttempts: 0,
      pkiId: undefined,
      lastError: undefined,
      lastHandshakeAt: undefined,
      pendingNonce: undefined,
      startedAt: this.clock.now(),
      connectedAt: undefined,
    };
    this.connectionRecords.set(endpoint, record);
    const begin = () => this.track(this.runConnect(target, endpoint, identify, record));
    if (this.started) begin();
    else this.deferredConnects.push(begin);
  }

  private async runConnect(
    target: ConnectTarget,
    endpoint: string,
    identify: Identify,
    record: ConnectionRecord,
  ): Promise<void> {
    const signal = this.lifetime.signal;
    const started = this.clock.now();
    const root = this.tracer.startSpan(
      "gossip.connect",
      { root: true, attributes: peerAttributes(endpoint) },
      ROOT_CONTEXT,
    );
    const rootContext = contextOf(root);
    const finish = (state: ConnectionState, error?: { reason: string; message: string }) => {
      record.state = state;
      record.pendingNonce = undefined;
      if (error) {
        record.lastError = { ...error, at: this.clock.now() };
        root.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        root.setAttribute("gossip.outcome", error.reason);
      } else {
        root.setStatus({ code: SpanStatusCode.OK });
        root.setAttribute("gossip.outcome", "acked");
      }
      root.end();
    };

    const max = this.timings.maxConnectionAttempts;
    for (let attempt = 1; attempt <= max && !signal.aborted; attempt++) {
      record.state = "handshaking";
      record.attempts = attempt;
      const span = this.tracer.startSpan(
        "gossip.handshake",
        { attributes: { "gossip.attempt": attempt } },
        rootContext,
      );
      let id: PeerIdentification;
      try {
        id = await abortable(
          context.with(contextOf(span, rootContext), () => identify(signal)),
          signal,
        );
        span.end();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        span.end();
        if (signal.aborted) break;
        record.state = "failed";
        record.lastError = { reason: errorReason(err), message: errorMessage(err), at: this.clock.now() };
        this.logger.warn(
          { endpoint, attempt, reason: errorReason(err), err: errorMessage(err) },
          "could not connect",
        );
        if (attempt === max) break;
        try {
          await sleep(this.clock, this.timings.reconnectInterval, signal);
        } catch {
          break;
        }
        continue;
      }

      record.lastHandshakeAt = this.clock.now();
      record.pkiId = pkiIdHex(id.pkiId);
      if (id.identity) this.identities.put(id.identity);
      if (sameBytes(id.pkiId, this.signer.pkiId)) {
        this.logger.info({ endpoint }, "endpoint is this node itself, not connecting");
        for (const alias of [endpoint, target.endpoint]) if (alias) this.selfAliases.add(alias);
        finish("gave_up", { reason: "self", message: `${endpoint} is this node` });
        return;
      }
      if (record.bootstrap) this.bootstrapPkiIds.add(record.pkiId);

      const nonce = randomNonce();
      const request = this.membershipRequestMessage(id.selfOrg, nonce);
      record.state = "awaiting_ack";
      record.pendingNonce = nonce.toString();
      const outcome = await sendUntilAcked(this.ackedSend, { endpoint, pkiId: id.pkiId }, request, {
        signal,
        context: rootContext,
        onAttempt: (n) => {
          record.requestAttempts = n;
        },
        onTimeout: (n) => {
          record.lastError = {
            reason: "ack_timeout",
            message: `no membership response to request ${n}`,
            at: this.clock.now(),
          };
        },
      });
      if (outcome === "acked") {
        record.connectedAt = this.clock.now();
        this.metrics.connectToAckDuration.observe((record.connectedAt - started) / 1000);
        if (record.bootstrap) this.ackedBootstrap.add(endpoint);
        this.logger.info({ endpoint, pkiId: record.pkiId }, "membership request acked");
        finish("connected");
      } else if (outcome === "gave_up") {
        finish("gave_up", { reason: "gave_up", message: `no response after ${max} membership requests` });
      } else {
        finish("gave_up", { reason: "stopped", message: "discovery stopped" });
      }
      return;
    }
    if (signal.aborted) finish("gave_up", { reason: "stopped", message: "discovery stopped" });
    else {
      const last = record.lastError?.message ?? "no handshake succeeded";
      finish("gave_up", { reason: "gave_up", message: `gave up after ${max} handshake attempts: ${last}` });
    }
  }

  // ---------------------------------------------------------- incoming messages

  /** Handles an alive message, membership request or membership response (Fabric's handleMsgFromComm). */
  handleMessage(received: ReceivedMessage): void {
    if (this.stopped) return;
    try {
      this.dispatch(received);
    } catch (err) {
      // Remote input must never take the node down; a bug here is logged and the message dropped.
      this.drop("invalid", `handling failed: ${errorMessage(err)}`, received);
      this.logger.error({ err, from: received.sender.endpoint }, "failed handling a membership message");
    }
  }

  private dispatch(received: ReceivedMessage): void {
    // Fabric's comm remembers every handshaked identity; so do we, so the
    // sender's own alive messages verify even without an attached certificate.
    if (!this.identities.has(received.sender.pkiId)) this.identities.put(received.sender.identity);
    const { message } = received.signed;
    if (!hasEmptyTag(message)) {
      this.drop("bad_tag", "membership message without tag EMPTY", received);
      return;
    }
    switch (kindOf(message)) {
      case "mem_req":
        this.handleMembershipRequest(received);
        return;
      case "alive":
        this.handleAlive(received);
        return;
      case "mem_res":
        this.handleMembershipResponse(received);
        return;
      default:
        this.drop("unsupported", `discovery does not handle ${kindOf(message)} messages`, received);
    }
  }

  private handleMembershipRequest(received: ReceivedMessage): void {
    const { message } = received.signed;
    const nonce = toBigInt(message.nonce);
    const span = this.tracer.startSpan(
      "gossip.handle_membership_request",
      {
        attributes: {
          "gossip.nonce": nonce.toString(),
          "gossip.peer.pki_id": pkiIdHex(received.sender.pkiId),
          "gossip.peer.endpoint": received.sender.endpoint,
        },
      },
      context.active(),
    );
    const verdict = this.judgeMembershipRequest(received);
    if ("reason" in verdict) {
      this.drop(verdict.reason, verdict.detail, received);
      span.setStatus({ code: SpanStatusCode.ERROR, message: verdict.detail });
      span.setAttribute("gossip.drop_reason", verdict.reason);
      span.end();
      return;
    }
    const record = verdict.requester;
    if (this.aliveStore.add(record)) this.handleAliveMessage(record);

    // Answered at once: respond() only queues on the connection, so a slow peer cannot hold up
    // the message loop (the reason Fabric answers from a goroutine).
    try {
      this.respondToMembershipRequest(received, record, nonce, span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      this.logger.error({ err }, "failed answering a membership request");
    } finally {
      span.end();
    }
  }

  /** The requester's self information must be an authentic alive message about the handshaked peer. */
  private judgeMembershipRequest(
    received: ReceivedMessage,
  ): { requester: AliveRecord } | { reason: DropReason; detail: string } {
    const selfInformation = received.signed.message.memReq?.selfInformation;
    if (!selfInformation)
      return { reason: "malformed", detail: "membership request without self information" };
    let inner: SignedGossipMessage;
    try {
      inner = openEnvelope(selfInformation);
    } catch {
      return { reason: "malformed", detail: "membership request self information does not decode" };
    }
    const record = parseAlive(inner);
    if (!record)
      return { reason: "invalid", detail: "membership request self information is not an alive message" };
    if (!sameBytes(record.pkiId, received.sender.pkiId)) {
      return { reason: "invalid", detail: "membership request self information doesn't match the handshake" };
    }
    const auth = authenticateAlive(record, this.validator, this.identities);
    if (!auth.ok) return { reason: auth.reason, detail: auth.detail };
    return { requester: record };
  }

  private respondToMembershipRequest(
    received: ReceivedMessage,
    requester: AliveRecord,
    nonce: bigint,
    span: Span,
  ): void {
    const policy = disclosurePolicy(this.orgs, {
      mspId: received.sender.identity.mspId,
      endpoint: requester.endpoint,
    });
    const selfRecord = parseAlive(this.selfAlive ?? this.createAliveMessage(true)) as AliveRecord;
    if (!policy.shouldDisclose(selfRecord)) {
      this.logger.warn(
        { peer: received.sender.endpoint, pkiId: requester.hex },
        "got a membership request from a peer that shouldn't have sent one, closing the connection",
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: "requester may not learn about us" });
      this.comm.closeConnection(received.sender.pkiId);
      return;
    }
    const disclose = (hexes: string[]): gossip.IEnvelope[] => {
      const out: gossip.IEnvelope[] = [];
      for (const hex of hexes) {
        const latest = this.membership.liveness(hex)?.record;
        if (latest && policy.shouldDisclose(latest)) out.push(policy.conceal(latest.signed).envelope);
      }
      return out;
    };
    const alive = disclose(this.membership.aliveIds());
    const dead = disclose(this.membership.deadIds());
    alive.push(policy.conceal(selfRecord.signed).envelope);
    span.setAttributes({ "gossip.alive_count": alive.length, "gossip.dead_count": dead.length });
    received.respond(unsignedMessage(membershipResponse(alive, dead, nonce)));
  }

  private handleAlive(received: ReceivedMessage): void {
    const record = parseAlive(received.signed);
    if (!record) {
      this.drop("invalid", "alive message without a member PKI-ID", received);
      return;
    }
    if (record.hex === this.selfHex) {
      this.noteOwnAlive(record, received);
      return;
    }
    const check = this.aliveStore.check(record);
    if (check !== "new") {
      this.drop(check, `alive message of ${record.hex} is not newer than the one held`, received);
      return;
    }
    const auth = authenticateAlive(record, this.validator, this.identities);
    if (!auth.ok) {
      this.drop(auth.reason, auth.detail, received);
      return;
    }
    this.aliveStore.add(record);
    this.handleAliveMessage(record);
    this.gossipAlive(record, new Set([pkiIdHex(received.sender.pkiId), record.hex]));
  }

  private handleMembershipResponse(received: ReceivedMessage): void {
    const { message } = received.signed;
    const nonce = toBigInt(message.nonce);
    this.pubsub.publish(ackTopic(nonce), nonce);
    const response = message.memRes;
    if (!response) return;

    for (const envelope of response.alive ?? []) {
      const record = this.readResponseEntry(envelope, received);
      if (!record) return; // Fabric abandons a response holding a malformed entry.
      if (record.hex === this.selfHex || this.aliveStore.check(record) !== "new") continue;
      const auth = authenticateAlive(record, this.validator, this.identities);
      if (!auth.ok) {
        this.drop(auth.reason, auth.detail, received);
        continue;
      }
      this.aliveStore.add(record);
      this.handleAliveMessage(record);
    }

    for (const envelope of response.dead ?? []) {
      const record = this.readResponseEntry(envelope, received);
      if (!record) return;
      if (record.hex === this.selfHex || this.aliveStore.check(record) !== "new") continue;
      const auth = authenticateAlive(record, this.validator, this.identities);
      if (!auth.ok) {
        this.drop(auth.reason, auth.detail, received);
        continue;
      }
      if (this.membership.stateOf(record.hex) !== "unknown") continue;
      this.aliveStore.add(record);
      this.membership.learnNew(record, "dead", this.clock.now());
      this.emit("dead", record.hex);
    }
    this.updateGauges();
  }

  private readResponseEntry(envelope: gossip.IEnvelope, received: ReceivedMessage): AliveRecord | undefined {
    let record: AliveRecord | undefined;
    try {
      record = parseAlive(openEnvelope(envelope));
    } catch {
      this.drop("malformed", "membership response entry does not decode", received);
      return undefined;
    }
    if (!record) this.drop("invalid", "membership response entry is not an alive message", received);
    return record;
  }

  /** Fabric's handleAliveMessage: learn, resurrect, update, or ignore as older. */
  private handleAliveMessage(record: AliveRecord): void {
    if (record.hex === this.selfHex) return;
    const now = this.clock.now();
    const state = this.membership.stateOf(record.hex);
    if (state === "unknown") {
      this.membership.learnNew(record, "alive", now);
      this.emit("joined", record.hex);
    } else {
      const last = this.membership.liveness(record.hex)?.time;
      const order = last ? compareTime(last, record.time) : -1;
      if (order < 0) {
        if (state === "dead") {
          this.membership.resurrect(record, now);
          this.emit("resurrected", record.hex);
        } else if (this.membership.update(record, now).changed) {
          this.emit("updated", record.hex);
        }
      } else if (order > 0) {
        this.logger.debug({ pkiId: record.hex, state }, "got an old alive message, ignoring it");
      }
    }
    this.updateGauges();
  }

  /**
   * An alive message claiming our PKI-ID: ours coming back, or, signed with our
   * key but advertising other endpoints, another process running with our
   * identity (Fabric's "bad configuration"). Anyone can claim our PKI-ID, so it
   * is authenticated first: a forgery is only counted, never logged as an error.
   */
  private noteOwnAlive(record: AliveRecord, received: ReceivedMessage): void {
    const verifier = this.ownVerifier();
    const auth = verifier
      ? verifyAliveSignatures(record, verifier)
      : ({ ok: false, reason: "unknown_identity", detail: "cannot read our own certificate" } as const);
    if (!auth.ok) {
      this.drop(auth.reason, `alive message claiming our PKI-ID: ${auth.detail}`, received);
      return;
    }
    const differs =
      record.endpoint !== this.selfMember.endpoint ||
      (record.internalEndpoint !== undefined && record.internalEndpoint !== this.selfMember.internalEndpoint);
    if (differs) {
      this.logger.error(
        { endpoint: record.endpoint, internalEndpoint: record.internalEndpoint },
        "bad configuration detected: received an alive message from a peer with the same PKI-ID as myself",
      );
    }
  }

  private ownVerifier(): Pick<ValidatedIdentity, "verify"> | null {
    if (this.selfVerifier === undefined) {
      try {
        const key = parseSingleCertificatePem(this.signer.certificatePem).cert.publicKey;
        this.selfVerifier = { verify: (data, signature) => verifyLowS(key, data, signature) };
      } catch (err) {
        this.logger.warn({ err: errorMessage(err) }, "cannot verify messages claiming our PKI-ID");
        this.selfVerifier = null;
      }
    }
    return this.selfVerifier;
  }

  // ------------------------------------------------------------ periodic tasks

  private sendAlive(): void {
    const signed = this.createAliveMessage(true);
    this.selfAlive = signed;
    const record = parseAlive(signed);
    if (record) this.gossipAlive(record, new Set([this.selfHex]));
  }

  /** Sends an alive message to propagatePeerNum random alive members it may reach (Fabric's emitter). */
  private gossipAlive(record: AliveRecord, exclude: ReadonlySet<string>): void {
    const routing = aliveRouting(this.orgs, record);
    const candidates: MemberInfo[] = [];
    for (const hex of this.membership.aliveIds()) {
      if (exclude.has(hex)) continue;
      const info = this.membership.info(hex);
      if (info && routing.eligible(info)) candidates.push(info);
    }
    const plain: RemotePeer[] = [];
    const concealed: RemotePeer[] = [];
    for (const info of pickRandom(candidates, this.timings.propagatePeerNum)) {
      (routing.seesSecrets(info) ? plain : concealed).push(remotePeerOf(info));
    }
    if (plain.length > 0) this.comm.send(record.signed, ...plain);
    if (concealed.length > 0) this.comm.send(withoutSecret(record.signed), ...concealed);
  }

  private checkAlive(): void {
    const silent = this.membership.silentSince(this.clock.now() - this.timings.aliveExpirationTimeout);
    if (silent.length === 0) return;
    this.logger.warn({ members: silent }, "haven't heard from members, declaring them dead");
    this.expireMembers(silent);
  }

  private expireMembers(hexes: string[]): void {
    const now = this.clock.now();
    const expired: MemberInfo[] = [];
    for (const hex of hexes) {
      if (this.membership.stateOf(hex) !== "alive") continue;
      if (!this.membership.markDead(hex, now)) continue;
      const info = this.membership.info(hex);
      if (info) expired.push(info);
      this.emit("dead", hex);
    }
    this.updateGauges();
    for (const info of expired) this.comm.closeConnection(info.pkiId);
  }

  private reconnectToDead(): void {
    // A round pings every dead member; the next one starts only after it ends.
    if (this.reconnectRound || this.stopped) return;
    const dead = this.membership.deadIds().flatMap((hex) => this.membership.info(hex) ?? []);
    if (dead.length === 0) return;
    const signal = this.lifetime.signal;
    const round = Promise.all(
      dead.map(async (info) => {
        const peer = remotePeerOf(info);
        let alive = false;
        try {
          alive = await abortable(this.comm.ping(peer, signal), signal);
        } catch {
          alive = false;
        }
        if (!alive || signal.aborted) {
          this.logger.debug({ endpoint: peer.endpoint }, "still dead");
          return;
        }
        this.logger.debug({ endpoint: peer.endpoint }, "dead member responds, sending a membership request");
        this.sendMembershipRequest(info);
      }),
    ).then(() => {
      this.reconnectRound = undefined;
    });
    this.reconnectRound = round;
    this.track(round);
  }

  /** Fabric's InitiateSync: a membership request to k random alive members, acks not awaited. */
  private syncMembership(k: number): void {
    for (const hex of pickRandom(this.membership.aliveIds(), k)) {
      const info = this.membership.info(hex);
      if (info) this.sendMembershipRequest(info);
    }
  }

  private sendMembershipRequest(info: MemberInfo): void {
    const sameOrg = this.orgs.orgOf(info.hex) === this.signer.mspId;
    this.comm.send(this.membershipRequestMessage(sameOrg, 0n), remotePeerOf(info));
  }

  /** Feeds each item of a comm event stream to `handle` until the stream ends or discovery stops. */
  private async consume(
    events: AsyncIterable<Uint8Array>,
    handle: (pkiId: Uint8Array) => void,
  ): Promise<void> {
    const signal = this.lifetime.signal;
    const iterator = events[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await abortable(iterator.next(), signal);
      } catch {
        return; // stopped
      }
      if (next.done || this.stopped) return;
      try {
        handle(next.value);
      } catch (err) {
        this.logger.error({ err }, "failed handling a comm event");
      }
    }
  }

  /** Fabric's handleEvents, PresumedDead: a send failed, so an alive member is dead at once. */
  private onPresumedDead(pkiId: Uint8Array): void {
    const hex = pkiIdHex(pkiId);
    if (this.membership.stateOf(hex) !== "alive") return;
    this.logger.warn({ pkiId: hex }, "a send failed, presuming the member dead");
    this.expireMembers([hex]);
  }

  /**
   * Fabric's handleEvents, IdentitySwitch: the peer at a member's endpoint now
   * has another PKI-ID of the same org (a renewed certificate). The old PKI-ID
   * will never speak again: purge it now rather than after the expiry.
   */
  private onIdentityChanged(pkiId: Uint8Array): void {
    const hex = pkiIdHex(pkiId);
    this.bootstrapPkiIds.delete(hex);
    if (this.membership.stateOf(hex) === "unknown") {
      this.identities.delete(hex);
      return;
    }
    this.purge(hex, "its peer changed its PKI-ID");
  }

  /**
   * The member's last alive message expired (aliveExpirationTimeout x
   * msgExpirationFactor without a newer one). As in Fabric, it is purged
   * whatever its state, unless it is a bootstrap peer: with the default factor
   * it has long been dead; with a factor near 1 the expiry check may simply not
   * have declared it dead yet. One already purged (its identity changed) is skipped.
   */
  private onAliveExpired(record: AliveRecord): void {
    if (this.membership.stateOf(record.hex) === "unknown") return;
    if (this.isBootstrapPeer(record, this.membership.info(record.hex))) return;
    this.purge(record.hex, "its last alive message expired");
  }

  /** Forgets a member and its identity (identities expire with their members). */
  private purge(hex: string, why: string): void {
    const info = this.membership.purge(hex);
    this.logger.info(
      { pkiId: hex, endpoint: info?.endpoint, internalEndpoint: info?.internalEndpoint, why },
      "purging member",
    );
    this.emit("purged", hex, info); // while its identity still tells the event its org
    this.identities.delete(hex);
    this.updateGauges();
  }

  private isBootstrapPeer(record: AliveRecord, info: MemberInfo | undefined): boolean {
    if (this.bootstrapPkiIds.has(record.hex)) return true;
    for (const endpoint of [
      record.endpoint,
      record.internalEndpoint,
      info?.endpoint,
      info?.internalEndpoint,
    ]) {
      if (endpoint && this.bootstrapEndpoints.has(endpoint)) return true;
    }
    return false;
  }

  // ----------------------------------------------------------------- messages

  private createAliveMessage(includeInternalEndpoint: boolean): SignedGossipMessage {
    this.seqNum += 1n;
    const sign = (data: Uint8Array) => this.signer.sign(data);
    const signed = signMessage(
      aliveMessage({
        endpoint: this.selfMember.endpoint,
        pkiId: this.signer.pkiId,
        metadata: this.selfMember.metadata,
        time: { incNum: this.incNum, seqNum: this.seqNum },
        // Attached only for a while after start; later joiners learn it by identity pull.
        identity: this.clock.now() < this.includeIdentityUntil ? this.signer.serialized : undefined,
      }),
      sign,
    );
    return includeInternalEndpoint
      ? withInternalEndpoint(signed, this.selfMember.internalEndpoint, sign)
      : signed;
  }

  /** Our signed alive message inside an unsigned MembershipRequest (Fabric's NoopSign). */
  private membershipRequestMessage(includeInternalEndpoint: boolean, nonce: bigint): SignedGossipMessage {
    const alive = this.createAliveMessage(includeInternalEndpoint);
    return unsignedMessage(membershipRequest(alive.envelope, nonce));
  }

  // ------------------------------------------------------------------ helpers

  private every(ms: number, fn: () => void): void {
    this.timers.push(
      this.clock.setInterval(() => {
        if (this.stopped) return;
        try {
          fn();
        } catch (err) {
          this.logger.error({ err }, "periodic discovery task failed");
        }
      }, ms),
    );
  }

  private track(task: Promise<unknown>): void {
    const tracked = task.catch((err) => this.logger.error({ err }, "discovery task failed"));
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  private drop(reason: DropReason, detail: string, received?: ReceivedMessage): void {
    this.metrics.messagesDropped.inc({ reason });
    this.logger.debug(
      {
        reason,
        from: received?.sender.endpoint,
        kind: received ? kindOf(received.signed.message) : undefined,
      },
      `dropped: ${detail}`,
    );
  }

  private emit(kind: MembershipEventKind, hex: string, known?: MemberInfo): void {
    const info = known ?? this.membership.info(hex);
    this.metrics.membershipEvents.inc({ kind });
    const mspId = this.orgs.orgOf(hex);
    this.events.emit({
      kind,
      pkiId: hex,
      endpoint: info?.endpoint ?? "",
      ...(info?.internalEndpoint ? { internalEndpoint: info.internalEndpoint } : {}),
      ...(mspId ? { mspId } : {}),
      at: this.clock.now(),
    });
  }

  private updateGauges(): void {
    this.metrics.membershipPeers.set({ state: "alive" }, this.membership.aliveCount);
    this.metrics.membershipPeers.set({ state: "dead" }, this.membership.deadCount);
    this.metrics.totalPeersKnown.set(this.membership.aliveCount);
  }

  private onInvariantRepair(hex: string, violation: InvariantViolation): void {
    this.metrics.invariantRepairs.inc();
    this.logger.error({ pkiId: hex, violation }, "membership invariant violated, repaired");
  }

  /** Fabric's isMyOwnEndpoint, plus the endpoints a handshake found to be ours. */
  private isMyOwnEndpoint(endpoint: string): boolean {
    if (
      endpoint === this.selfMember.internalEndpoint ||
      (this.selfMember.endpoint !== "" && endpoint === this.selfMember.endpoint) ||
      this.selfAliases.has(endpoint)
    ) {
      return true;
    }
    return (
      this.selfPort !== undefined &&
      (endpoint === `127.0.0.1:${this.selfPort}` || endpoint === `localhost:${this.selfPort}`)
    );
  }

  private snapshotOf(hex: string): MemberSnapshot | undefined {
    const view = this.membership.view(hex);
    if (!view) return undefined;
    const { info, liveness, state } = view;
    const mspId = this.orgs.orgOf(hex);
    return {
      pkiId: hex,
      state,
      mspId,
      endpoint: info.endpoint,
      internalEndpoint: info.internalEndpoint,
      ...(info.metadata.length > 0 ? { metadata: Buffer.from(info.metadata).toString("base64") } : {}),
      incNum: liveness.time.incNum.toString(),
      seqNum: liveness.time.seqNum.toString(),
      lastSeen: liveness.lastSeen,
      stateSince: liveness.since,
    };
  }
}

/** Fabric's PreferredEndpoint: the internal endpoint when known. */
function remotePeerOf(info: MemberInfo): RemotePeer {
  return { endpoint: info.internalEndpoint || info.endpoint, pkiId: info.pkiId };
}

/** Fabric refuses to start without a host:port internal endpoint; returns its port. */
function validateSelf(self: SelfMember): string | undefined {
  const endpoint = self.internalEndpoint;
  if (!endpoint) throw new DiscoveryError("invalid_config", "internal endpoint is empty");
  const parsed = tryParseHostPort(endpoint, { allowPortZero: true });
  if (parsed === undefined) {
    throw new DiscoveryError("invalid_config", `internal endpoint ${endpoint} isn't formatted as host:port`);
  }
  return String(parsed.port);
}
