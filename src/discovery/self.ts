// This node as it advertises itself: its endpoints and metadata, the alive
// messages it signs (inc_num fixed at creation, seq_num counting up), the
// membership request that carries one (Fabric's createMembershipRequest), and
// which endpoints are its own (Fabric's isMyOwnEndpoint).
import type { Clock } from "../clock/clock.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { parseSingleCertificatePem } from "../identity/certificate.js";
import { verifyLowS } from "../identity/ecdsa.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { ValidatedIdentity } from "../identity/validator.js";
import type { gossip } from "../protocol/generated/wire.js";
import { aliveMessage, membershipRequest, type PeerTime } from "../protocol/messages.js";
import {
  type SignedGossipMessage,
  signedSecret,
  signMessage,
  unsignedMessage,
  withSecretEnvelope,
} from "../protocol/signed-message.js";
import { tryParseHostPort } from "../util/host-port.js";
import type { AliveFacts, AliveRecord } from "./alive-message.js";
import { DiscoveryError } from "./errors.js";
import type { SelfMember } from "./options.js";

/** This node as the admin API shows it. */
export interface SelfView {
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

type Verifier = Pick<ValidatedIdentity, "verify">;

/** What an alive message of ours carries besides the fixed endpoints and PKI-ID. */
interface AliveContent {
  readonly metadata: Uint8Array;
  readonly time: PeerTime;
  readonly includeIdentity: boolean;
}

/**
 * A heartbeat's record: its facts known at once, its signed message made on first read. A class,
 * not an object literal with a getter, which V8 leaves in dictionary mode (alive-message.ts).
 */
class Heartbeat implements AliveRecord {
  readonly pkiId: Uint8Array;
  readonly hex: string;
  readonly endpoint: string;
  readonly metadata: Uint8Array;
  readonly time: PeerTime;
  readonly internalEndpoint: string;
  #signed: SignedGossipMessage | undefined;

  constructor(
    private readonly sign: () => SignedGossipMessage,
    facts: AliveFacts & { readonly internalEndpoint: string },
  ) {
    this.pkiId = facts.pkiId;
    this.hex = facts.hex;
    this.endpoint = facts.endpoint;
    this.metadata = facts.metadata;
    this.time = facts.time;
    this.internalEndpoint = facts.internalEndpoint;
  }

  get signed(): SignedGossipMessage {
    this.#signed ??= this.sign();
    return this.#signed;
  }
}

export class SelfNode {
  readonly hex: string;
  /** Fabric's inc_num: the creation time in nanoseconds, so a restarted node is newer. */
  readonly incNum: bigint;
  readonly startedAt: number;
  private readonly member: Required<SelfMember>;
  private readonly port: string;
  private readonly includeIdentityUntil: number;
  /** Endpoints whose handshake found this node itself (e.g. a seed listed in its own bootstrap). */
  private readonly aliases = new Set<string>();
  private seqNum = 0n;
  private lastHeartbeat: Heartbeat | undefined;
  /**
   * Our SecretEnvelope, signed on first use. Its payload (the internal endpoint) never changes,
   * and a signature over the same bytes verifies as well every time: signing it once halves the
   * signatures of every alive message (Fabric signs both each time; peers cannot tell).
   */
  private secret: gossip.ISecretEnvelope | undefined;
  /** Verifies messages that claim our PKI-ID; built on the first such message. */
  private verifier: Verifier | null | undefined;

  constructor(
    self: SelfMember,
    readonly signer: SigningIdentity,
    private readonly clock: Clock,
    timings: Pick<GossipTimings, "publishCertPeriod">,
  ) {
    this.member = { ...self, metadata: self.metadata ?? new Uint8Array(0) };
    this.port = validatedPort(this.member);
    this.hex = pkiIdHex(signer.pkiId);
    // Fixed once, as Fabric does at NewDiscoveryService: every alive message, before start() too, carries the same inc_num.
    this.startedAt = clock.now();
    this.incNum = BigInt(this.startedAt) * 1_000_000n;
    this.includeIdentityUntil = this.startedAt + timings.publishCertPeriod;
  }

  get endpoint(): string {
    return this.member.endpoint;
  }

  get internalEndpoint(): string {
    return this.member.internalEndpoint;
  }

  /** Our own alive messages carry this from the next one on. */
  updateMetadata(metadata: Uint8Array): void {
    this.member.metadata = metadata;
  }

  /** Signs the next alive message; with the internal endpoint in a SecretEnvelope for our own org. */
  createAliveMessage(includeInternalEndpoint: boolean): SignedGossipMessage {
    return this.signAlive(this.nextAliveContent(), includeInternalEndpoint);
  }

  /** The alive message of the latest heartbeat; before the first one, a fresh one. */
  latestAlive(): SignedGossipMessage {
    return this.lastHeartbeat?.signed ?? this.createAliveMessage(true);
  }

  /**
   * The heartbeat's alive message (periodicalSendAlive), remembered for membership responses: the
   * next seq_num, its content fixed now, signed when first read. A node with nobody to send it to
   * (an idle node, alone) signs nothing; a membership request that comes later gets exactly the
   * message the heartbeat would have signed. Its record is built from what this node put in it.
   */
  nextHeartbeat(): AliveRecord {
    const content = this.nextAliveContent();
    const { member } = this;
    this.lastHeartbeat = new Heartbeat(() => this.signAlive(content, true), {
      pkiId: this.signer.pkiId,
      hex: this.hex,
      endpoint: member.endpoint,
      metadata: content.metadata,
      time: content.time,
      internalEndpoint: member.internalEndpoint,
    });
    return this.lastHeartbeat;
  }

  /** The next alive message's content: the next seq_num, and what it carries at this moment. */
  private nextAliveContent(): AliveContent {
    this.seqNum += 1n;
    return {
      metadata: this.member.metadata,
      time: { incNum: this.incNum, seqNum: this.seqNum },
      // Attached only for a while after start; later joiners learn it by identity pull.
      includeIdentity: this.clock.now() < this.includeIdentityUntil,
    };
  }

  private signAlive(content: AliveContent, includeInternalEndpoint: boolean): SignedGossipMessage {
    const sign = (data: Uint8Array) => this.signer.sign(data);
    const signed = signMessage(
      aliveMessage({
        endpoint: this.member.endpoint,
        pkiId: this.signer.pkiId,
        metadata: content.metadata,
        time: content.time,
        identity: content.includeIdentity ? this.signer.serialized : undefined,
      }),
      sign,
    );
    if (!includeInternalEndpoint) return signed;
    this.secret ??= signedSecret(this.member.internalEndpoint, sign);
    return withSecretEnvelope(signed, this.secret);
  }

  /** Fabric's createMembershipRequest: our signed alive message in an unsigned MembershipRequest (NoopSign). */
  createMembershipRequest(includeInternalEndpoint: boolean, nonce: bigint): SignedGossipMessage {
    const alive = this.createAliveMessage(includeInternalEndpoint);
    return unsignedMessage(membershipRequest(alive.envelope, nonce));
  }

  /** A handshake at `endpoint` found this node: never connect there again. */
  addAlias(endpoint: string): void {
    if (endpoint) this.aliases.add(endpoint);
  }

  /** Fabric's isMyOwnEndpoint, plus the endpoints a handshake found to be ours. */
  isMyOwnEndpoint(endpoint: string): boolean {
    const { member, port } = this;
    return (
      endpoint === member.internalEndpoint ||
      (member.endpoint !== "" && endpoint === member.endpoint) ||
      this.aliases.has(endpoint) ||
      endpoint === `127.0.0.1:${port}` ||
      endpoint === `localhost:${port}`
    );
  }

  /** Verifies a message claiming our PKI-ID with our own key; null when our certificate cannot be read. */
  ownVerifier(onError: (err: unknown) => void): Verifier | null {
    if (this.verifier === undefined) {
      try {
        const key = parseSingleCertificatePem(this.signer.certificatePem).cert.publicKey;
        this.verifier = { verify: (data, signature) => verifyLowS(key, data, signature) };
      } catch (err) {
        onError(err);
        this.verifier = null;
      }
    }
    return this.verifier;
  }

  view(): SelfView {
    const { metadata } = this.member;
    return {
      pkiId: this.hex,
      mspId: this.signer.mspId,
      endpoint: this.member.endpoint,
      internalEndpoint: this.member.internalEndpoint,
      ...(metadata.length > 0 ? { metadata: Buffer.from(metadata).toString("base64") } : {}),
      incNum: this.incNum.toString(),
      seqNum: this.seqNum.toString(),
      startedAt: this.startedAt,
    };
  }
}

/** Fabric refuses to start without a host:port internal endpoint; returns its port. */
function validatedPort(self: SelfMember): string {
  const endpoint = self.internalEndpoint;
  if (!endpoint) throw new DiscoveryError("invalid_config", "internal endpoint is empty");
  const parsed = tryParseHostPort(endpoint, { allowPortZero: true });
  if (parsed === undefined) {
    throw new DiscoveryError("invalid_config", `internal endpoint ${endpoint} isn't formatted as host:port`);
  }
  return String(parsed.port);
}
