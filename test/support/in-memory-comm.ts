// An in-memory CommService and the network hub joining many of them: discovery
// and the identity pull run over it in unit tests, without sockets. Handshakes
// are real: each side signs a ConnEstablish with its key and the other validates
// the identity with its own validator and checks the signature, so forged or
// untrusted identities are refused as a gRPC comm would refuse them. A message
// is encoded once however many peers it goes to (as GrpcComm does) and decoded
// for each receiver when it is first read (when the receiver takes it from its
// inbox, or an observer looks at it): as over gRPC, the receiver pays for its
// decoding, not the sender, and no object is shared between nodes.
//
// Fault injection: drop messages (by kind, sender, receiver), partition groups
// of endpoints, make pings fail. Lost messages vanish silently; dials that
// cannot complete make the send fail, which reports the peer as presumed dead.
// A node restarted at an endpoint with a renewed certificate of the same org is
// accepted by a dial expecting the old PKI-ID, which comes out of identityChanges().
import type { CommService, ReceivedMessage, RemotePeer } from "../../src/comm/comm-service.js";
import { CommError, PKI_ID_MISMATCH_MESSAGE } from "../../src/comm/errors.js";
import { pkiIdHex, pkiIdOf } from "../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../src/identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../../src/identity/validator.js";
import { gossip } from "../../src/protocol/generated/wire.js";
import { connEstablish, kindOf, type MessageKind } from "../../src/protocol/messages.js";
import {
  encodeEnvelope,
  openEnvelope,
  type SignedGossipMessage,
  signMessage,
  verifyMessage,
} from "../../src/protocol/signed-message.js";
import { AsyncQueue } from "../../src/util/async-queue.js";
import { sameBytes } from "../../src/util/bytes.js";

/** Which messages a drop rule loses; omitted fields match anything. Endpoints are the nodes' primary ones. */
export interface DropRule {
  kind?: MessageKind | readonly MessageKind[];
  from?: string;
  to?: string;
}

/** A message that reached (or was lost on the way to) a node. */
export interface Delivery {
  readonly from: string;
  readonly to: string;
  readonly kind: MessageKind;
  readonly signed: SignedGossipMessage;
  readonly dropped: boolean;
}

export interface JoinOptions {
  /** The endpoint others dial (the node's internal endpoint). */
  endpoint: string;
  /** Other endpoints that reach this node, e.g. its external endpoint. */
  aliases?: readonly string[];
  /** Whose key signs this node's ConnEstablish; a forger passes a signer whose sign() is not the certificate's key. */
  signer: SigningIdentity;
  /** Judges the identities of peers this node handshakes with. */
  validator: IdentityValidator;
  /** Incoming messages queued before new ones are dropped (default 10 000). */
  inboxSize?: number;
  /**
   * The identity known for a PKI-ID (the node's identity store), as GrpcComm's
   * identityOf: without it, finding another PKI-ID at an endpoint always fails.
   */
  identityOf?: (pkiId: Uint8Array) => ValidatedIdentity | undefined;
}

interface Connection {
  readonly remote: InMemoryComm;
  /** The remote's identity, as our validator accepted it. */
  readonly identity: ValidatedIdentity;
  /** The sender of every message this connection delivers: one per connection, as in GrpcComm. */
  readonly sender: ReceivedMessage["sender"];
}

function connectionOf(remote: InMemoryComm, identity: ValidatedIdentity): Connection {
  return { remote, identity, sender: { pkiId: identity.pkiId, endpoint: remote.endpoint, identity } };
}

export class InMemoryNetwork {
  private readonly nodes = new Map<string, InMemoryComm>();
  private readonly dropRules = new Set<DropRule>();
  private readonly partitions = new Set<{ a: ReadonlySet<string>; b: ReadonlySet<string> }>();
  private readonly pingFailures = new Set<string>();
  private readonly observers = new Set<(delivery: Delivery) => void>();
  /** Messages delivered, by kind. */
  readonly delivered = new Map<MessageKind, number>();
  /** Messages lost to drop rules or partitions. */
  dropped = 0;
  /** Each message's wire bytes, encoded on its first send: signed messages are never mutated. */
  private readonly encoded = new WeakMap<SignedGossipMessage, Uint8Array>();

  /** Adds a node; an endpoint of a stopped node may be reused (a restart). */
  join(options: JoinOptions): InMemoryComm {
    for (const endpoint of [options.endpoint, ...(options.aliases ?? [])]) {
      const existing = this.nodes.get(endpoint);
      if (existing && !existing.isStopped) throw new Error(`endpoint ${endpoint} is already taken`);
    }
    const comm = new InMemoryComm(this, options);
    for (const endpoint of [options.endpoint, ...(options.aliases ?? [])]) this.nodes.set(endpoint, comm);
    return comm;
  }

  /** The live node at an endpoint. */
  node(endpoint: string): InMemoryComm | undefined {
    const comm = this.nodes.get(endpoint);
    return comm && !comm.isStopped ? comm : undefined;
  }

  /** Loses every message matching the rule until the returned function is called. */
  drop(rule: DropRule): () => void {
    this.dropRules.add(rule);
    return () => this.dropRules.delete(rule);
  }

  /** Cuts the two groups apart (both directions) until the returned function is called. */
  partition(a: readonly string[], b: readonly string[]): () => void {
    const cut = { a: new Set(a), b: new Set(b) };
    this.partitions.add(cut);
    return () => this.partitions.delete(cut);
  }

  /** Removes every drop rule and partition. */
  heal(): void {
    this.dropRules.clear();
    this.partitions.clear();
    this.pingFailures.clear();
  }

  /** Makes pings of the node at `endpoint` fail (or succeed again). */
  failPing(endpoint: string, fail = true): void {
    if (fail) this.pingFailures.add(endpoint);
    else this.pingFailures.delete(endpoint);
  }

  /** Sees every message handed to the network, delivered or lost. */
  observe(listener: (delivery: Delivery) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** @internal */
  isCut(from: InMemoryComm, to: InMemoryComm): boolean {
    if (this.partitions.size === 0) return false;
    for (const { a, b } of this.partitions) {
      if ((a.has(from.endpoint) && b.has(to.endpoint)) || (b.has(from.endpoint) && a.has(to.endpoint)))
        return true;
    }
    return false;
  }

  /** @internal */
  pingFails(endpoint: string): boolean {
    return this.pingFailures.has(endpoint);
  }

  /** @internal Resolves a dial: the live, reachable node at the endpoint. */
  dial(from: InMemoryComm, endpoint: string): InMemoryComm {
    const to = this.node(endpoint);
    if (!to) throw new CommError("dial", `nothing listens at ${endpoint}`);
    if (this.isCut(from, to)) throw new CommError("dial", `${endpoint} is unreachable (partitioned)`);
    return to;
  }

  /** @internal Carries one message over an established connection. */
  carry(from: InMemoryComm, to: InMemoryComm, signed: SignedGossipMessage): void {
    const kind = kindOf(signed.message);
    const lost = this.isCut(from, to) || this.dropRuleMatches(kind, from, to);
    const delivery = new WireDelivery(from.endpoint, to.endpoint, kind, this.encode(signed), lost);
    if (this.observers.size > 0) for (const observer of [...this.observers]) observer(delivery);
    if (lost) {
      this.dropped++;
      return;
    }
    this.delivered.set(kind, (this.delivered.get(kind) ?? 0) + 1);
    to.receive(from, delivery);
  }

  private dropRuleMatches(kind: MessageKind, from: InMemoryComm, to: InMemoryComm): boolean {
    if (this.dropRules.size === 0) return false;
    for (const rule of this.dropRules) if (matches(rule, kind, from, to)) return true;
    return false;
  }

  private encode(signed: SignedGossipMessage): Uint8Array {
    let bytes = this.encoded.get(signed);
    if (!bytes) {
      bytes = encodeEnvelope(signed.envelope);
      this.encoded.set(signed, bytes);
    }
    return bytes;
  }
}

/** One message on its way to one receiver: decoded when first read, by the receiver or an observer. */
class WireDelivery implements Delivery {
  private wire: SignedGossipMessage | undefined;

  constructor(
    readonly from: string,
    readonly to: string,
    readonly kind: MessageKind,
    private readonly bytes: Uint8Array,
    readonly dropped: boolean,
  ) {}

  get signed(): SignedGossipMessage {
    this.wire ??= openEnvelope(gossip.Envelope.decode(this.bytes));
    return this.wire;
  }
}

/** A received message as the node reads it from its inbox. */
class InboxMessage implements ReceivedMessage {
  constructor(
    private readonly delivery: WireDelivery,
    readonly sender: ReceivedMessage["sender"],
    private readonly receiver: InMemoryComm,
    private readonly from: InMemoryComm,
  ) {}

  get signed(): SignedGossipMessage {
    return this.delivery.signed;
  }

  respond(reply: SignedGossipMessage): void {
    this.receiver.reply(this.from, reply);
  }
}

function matches(rule: DropRule, kind: MessageKind, from: InMemoryComm, to: InMemoryComm): boolean {
  if (rule.kind !== undefined) {
    const kinds: readonly MessageKind[] = typeof rule.kind === "string" ? [rule.kind] : rule.kind;
    if (!kinds.includes(kind)) return false;
  }
  if (rule.from !== undefined && rule.from !== from.endpoint) return false;
  if (rule.to !== undefined && rule.to !== to.endpoint) return false;
  return true;
}

export class InMemoryComm implements CommService {
  readonly endpoint: string;
  readonly signer: SigningIdentity;
  /** Our PKI-ID in hex: the key the other side keeps its connection to us under. */
  readonly hex: string;
  private readonly validator: IdentityValidator;
  private readonly identityOf: JoinOptions["identityOf"];
  private readonly connections = new Map<string, Connection>();
  private readonly inbox: AsyncQueue<ReceivedMessage>;
  private readonly dead = new AsyncQueue<Uint8Array>(10_000);
  private readonly switched = new AsyncQueue<Uint8Array>(10_000);
  private stopped = false;
  /** Sends that failed (each also reported through presumedDead). */
  failedSends = 0;
  /** Incoming messages dropped because the inbox was full. */
  overflow = 0;

  constructor(
    private readonly network: InMemoryNetwork,
    options: JoinOptions,
  ) {
    this.endpoint = options.endpoint;
    this.signer = options.signer;
    this.hex = pkiIdHex(options.signer.pkiId);
    this.validator = options.validator;
    this.identityOf = options.identityOf;
    this.inbox = new AsyncQueue(options.inboxSize ?? 10_000);
  }

  get pkiId(): Uint8Array {
    return this.signer.pkiId;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  async handshake(
    endpoint: string,
    expectedPkiId?: Uint8Array,
    signal?: AbortSignal,
  ): Promise<ValidatedIdentity> {
    if (signal?.aborted) throw signal.reason;
    if (this.stopped) throw new CommError("stopped", "comm stopped");
    const remote = this.network.dial(this, endpoint);
    const { theirs } = this.authenticate(remote);
    if (expectedPkiId && !sameBytes(theirs.pkiId, expectedPkiId)) {
      throw new CommError("pki_id_mismatch", PKI_ID_MISMATCH_MESSAGE);
    }
    return theirs;
  }

  send(message: SignedGossipMessage, ...peers: RemotePeer[]): void {
    if (this.stopped) return;
    for (const peer of peers) {
      let connection: Connection;
      try {
        connection = this.connectionTo(peer);
      } catch {
        this.failedSends++;
        this.dead.push(peer.pkiId);
        continue;
      }
      this.network.carry(this, connection.remote, message);
    }
  }

  async ping(peer: RemotePeer, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted || this.stopped) return false;
    const remote = this.network.node(peer.endpoint);
    return !!remote && !this.network.isCut(this, remote) && !this.network.pingFails(peer.endpoint);
  }

  messages(): AsyncIterable<ReceivedMessage> {
    return this.inbox;
  }

  presumedDead(): AsyncIterable<Uint8Array> {
    return this.dead;
  }

  identityChanges(): AsyncIterable<Uint8Array> {
    return this.switched;
  }

  closeConnection(pkiId: Uint8Array): void {
    const connection = this.connections.get(pkiIdHex(pkiId));
    if (!connection) return;
    this.connections.delete(pkiIdHex(pkiId));
    connection.remote.dropConnection(this.pkiId);
  }

  connectedPeers(): Uint8Array[] {
    return [...this.connections.values()].filter((c) => !c.remote.isStopped).map((c) => c.identity.pkiId);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const connection of this.connections.values()) connection.remote.dropConnection(this.pkiId);
    this.connections.clear();
    this.inbox.close();
    this.dead.close();
    this.switched.close();
  }

  /** @internal */
  receive(from: InMemoryComm, delivery: WireDelivery): void {
    if (this.stopped) return;
    const connection = this.connections.get(from.hex);
    if (!connection || connection.remote !== from) return;
    if (!this.inbox.push(new InboxMessage(delivery, connection.sender, this, from))) this.overflow++;
  }

  /** @internal Back over the same connection; lost if it has gone meanwhile. */
  reply(to: InMemoryComm, reply: SignedGossipMessage): void {
    const current = this.connections.get(to.hex);
    if (!this.stopped && current?.remote === to && !to.isStopped) this.network.carry(this, to, reply);
  }

  /** @internal */
  dropConnection(pkiId: Uint8Array): void {
    this.connections.delete(pkiIdHex(pkiId));
  }

  /** @internal Both sides' ConnEstablish, each judged by the other side's validator. */
  authenticate(remote: InMemoryComm): { theirs: ValidatedIdentity; ours: ValidatedIdentity } {
    const theirs = judgeConnEstablish(connEstablishOf(remote.signer), this.validator);
    let ours: ValidatedIdentity;
    try {
      ours = judgeConnEstablish(connEstablishOf(this.signer), remote.validator);
    } catch (err) {
      const why = err instanceof CommError ? err.message : String(err);
      throw new CommError("closed", `remote peer refused our handshake: ${why}`);
    }
    return { theirs, ours };
  }

  private connectionTo(peer: RemotePeer): Connection {
    const hex = peer.hex ?? pkiIdHex(peer.pkiId);
    const existing = this.connections.get(hex);
    if (existing) {
      if (!existing.remote.isStopped) return existing;
      this.connections.delete(hex);
      throw new CommError("closed", "connection reset by peer");
    }
    const remote = this.network.dial(this, peer.endpoint);
    const { theirs, ours } = this.authenticate(remote);
    const switched = !sameBytes(theirs.pkiId, peer.pkiId);
    if (switched && this.identityOf?.(peer.pkiId)?.mspId !== theirs.mspId) {
      throw new CommError("pki_id_mismatch", PKI_ID_MISMATCH_MESSAGE);
    }
    const connection = connectionOf(remote, theirs);
    // Kept under the PKI-ID that answered, as GrpcComm's connection store does.
    this.connections.set(pkiIdHex(theirs.pkiId), connection);
    if (switched) this.switched.push(peer.pkiId);
    // One connection per PKI-ID: the remote now talks to us over this one too.
    remote.connections.set(this.hex, connectionOf(this, ours));
    return connection;
  }
}

function connEstablishOf(signer: SigningIdentity): SignedGossipMessage {
  return signMessage(connEstablish({ pkiId: signer.pkiId, identity: signer.serialized }), (data) =>
    signer.sign(data),
  );
}

/** What a comm checks of the remote's ConnEstablish: a trusted identity, its PKI-ID, and its signature. */
function judgeConnEstablish(signed: SignedGossipMessage, validator: IdentityValidator): ValidatedIdentity {
  const conn = signed.message.conn;
  if (!conn?.pkiId?.length || !conn.identity?.length) throw new CommError("malformed", "bad ConnEstablish");
  let identity: ValidatedIdentity;
  try {
    identity = validator.validate(conn.identity);
  } catch (err) {
    throw new CommError("untrusted_identity", `identity is not valid: ${(err as Error).message}`);
  }
  if (!sameBytes(pkiIdOf(conn.identity), conn.pkiId)) {
    throw new CommError("pki_id_mismatch", "identity doesn't match the computed pkiID");
  }
  if (!verifyMessage(signed, (data, sig) => identity.verify(data, sig))) {
    throw new CommError("bad_signature", "The signature is invalid");
  }
  return identity;
}
