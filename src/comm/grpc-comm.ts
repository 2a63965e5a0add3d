// The gRPC implementation of CommService: the gossip.Gossip server, dialing
// with handshakes, one connection per PKI-ID, and the single stream of
// received messages that the node routes to discovery and identity pull.
import { setMaxListeners } from "node:events";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { Direction, HandshakeFailureReason, NodeMetrics } from "../observability/metrics.js";
import { ProtocolError } from "../protocol/errors.js";
import { kindOf } from "../protocol/messages.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  openEnvelope,
  type SignedGossipMessage,
} from "../protocol/signed-message.js";
import { abortable } from "../util/abortable.js";
import { AsyncQueue } from "../util/async-queue.js";
import { formatHostPort, parseHostPort, tryParseHostPort } from "../util/host-port.js";
import type { CommService, ReceivedMessage, RemotePeer } from "./comm-service.js";
import { Connection, describeGrpcError } from "./connection.js";
import { ConnectionStore } from "./connection-store.js";
import { CommError, excerpt, PKI_ID_MISMATCH_MESSAGE } from "./errors.js";
import {
  callPing,
  gossipServiceDefinition,
  openGossipStream,
  pingHandler,
  waitForReady,
} from "./grpc-service.js";
import { encodeConnEstablish, verifyConnEstablish } from "./handshake.js";
import {
  channelCredentials,
  type GossipTlsOptions,
  ownCertHash,
  peerCertHash,
  serverCredentials,
} from "./tls.js";

export type CommTimings = Pick<
  GossipTimings,
  "dialTimeout" | "connTimeout" | "sendBuffSize" | "recvBuffSize" | "maxMessageSize"
>;

export interface GrpcCommOptions {
  /** host:port to listen on; port 0 lets the OS choose. */
  listenAddress: string;
  signer: SigningIdentity;
  validator: IdentityValidator;
  timings: CommTimings;
  /** Omitted: plaintext (a warning is logged). */
  tls?: GossipTlsOptions;
  clock: Clock;
  logger: Logger;
  metrics: NodeMetrics;
  /** Bound on simultaneous connections; further inbound streams are refused. */
  maxConnections?: number;
  /** Bound on inbound streams still handshaking: unauthenticated work is capped separately. */
  maxPendingHandshakes?: number;
  /**
   * Every identity a handshake proved, as Fabric's comm feeds its identity
   * mapper: messages from that peer then verify without waiting for its certificate.
   */
  onIdentity?: (identity: ValidatedIdentity) => void;
  /**
   * The identity known for a PKI-ID (Fabric's identity mapper). When a dial
   * expecting PKI-ID X finds Y at the endpoint, Y is accepted as X's renewed
   * certificate only if X's identity is known and of Y's org; otherwise the
   * dial fails with pki_id_mismatch.
   */
  identityOf?: (pkiId: Uint8Array) => ValidatedIdentity | undefined;
}

interface QueuedMessage {
  message: ReceivedMessage;
  release(): void;
}

const DEFAULT_MAX_CONNECTIONS = 1024;
const DEFAULT_MAX_PENDING_HANDSHAKES = 64;
// A gossip connection needs one stream (plus a short probe); more per HTTP/2 session is abuse.
const MAX_CONCURRENT_STREAMS = 8;
// HTTP/2 sessions with no stream for this long are closed.
const MAX_CONNECTION_IDLE_MS = 5 * 60_000;
// gRPC itself refuses frames beyond maxMessageSize plus this slack; below it, comm drops and counts them.
const RECEIVE_SLACK_BYTES = 1024 * 1024;
const PRESUMED_DEAD_BUFFER = 1024;
const IDENTITY_CHANGES_BUFFER = 1024;
// Fabric's keepalive: a client ping every 60 s, answered within 20 s.
const KEEPALIVE_TIME_MS = 60_000;
const KEEPALIVE_TIMEOUT_MS = 20_000;

export class GrpcComm implements CommService {
  private readonly server: grpc.Server;
  private readonly store: ConnectionStore;
  private readonly dialing = new Map<string, Promise<Connection>>();
  private readonly pendingHandshakes = new Set<Connection>();
  private readonly inbound: AsyncQueue<QueuedMessage>;
  private readonly deadPeers = new AsyncQueue<Uint8Array>(PRESUMED_DEAD_BUFFER);
  private readonly switchedIdentities = new AsyncQueue<Uint8Array>(IDENTITY_CHANGES_BUFFER);
  private readonly abort = new AbortController();
  private readonly selfPkiId: string;
  private readonly certHash: Uint8Array | undefined;
  private readonly maxConnections: number;
  private readonly maxPendingHandshakes: number;
  /** Every gRPC client this comm created and has not closed: stop() closes the rest. */
  private readonly clients = new Set<grpc.Client>();
  /** Our ConnEstablish never changes: signed once per kind instead of per stream. */
  private readonly hellos: { accept: Buffer; dial: Buffer; probe: Buffer };
  private readonly log: Logger;
  private boundAddress: string | undefined;

  constructor(private readonly options: GrpcCommOptions) {
    this.log = options.logger;
    this.selfPkiId = pkiIdHex(options.signer.pkiId);
    this.certHash = ownCertHash(options.tls);
    this.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.maxPendingHandshakes = options.maxPendingHandshakes ?? DEFAULT_MAX_PENDING_HANDSHAKES;
    // Every pending handshake waits on this signal.
    setMaxListeners(0, this.abort.signal);
    const hello = (probe: boolean) => encodeConnEstablish(options.signer, this.certHash, probe);
    this.hellos = { accept: hello(false), dial: hello(false), probe: hello(true) };
    this.inbound = new AsyncQueue(options.timings.recvBuffSize * this.maxConnections);
    this.store = new ConnectionStore(this.selfPkiId, (size) => options.metrics.openConnections.set(size));
    this.server = new grpc.Server({
      ...this.channelOptions(),
      "grpc.max_concurrent_streams": MAX_CONCURRENT_STREAMS,
      "grpc.max_connection_idle_ms": MAX_CONNECTION_IDLE_MS,
    });
    this.server.addService(gossipServiceDefinition, {
      GossipStream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => void this.acceptStream(call),
      Ping: pingHandler,
    });
  }

  /** Binds the server; resolves with the host:port actually listened on. */
  async listen(): Promise<string> {
    if (!this.options.tls)
      this.log.warn("gossip TLS is off: streams are plaintext (set CORE_PEER_TLS_ENABLED)");
    const { host } = parseHostPort(this.options.listenAddress, { allowPortZero: true });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(this.options.listenAddress, serverCredentials(this.options.tls), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.boundAddress = formatHostPort({ host, port });
    this.log.info({ address: this.boundAddress, tls: !!this.options.tls }, "gossip server listening");
    return this.boundAddress;
  }

  get address(): string | undefined {
    return this.boundAddress;
  }

  async handshake(
    endpoint: string,
    expectedPkiId?: Uint8Array,
    signal?: AbortSignal,
  ): Promise<ValidatedIdentity> {
    const connection = await this.dial(endpoint, true, expectedPkiId, signal);
    connection.close();
    if (!connection.remote) throw new CommError("closed", "handshake produced no identity");
    return connection.remote;
  }

  send(message: SignedGossipMessage, ...peers: RemotePeer[]): void {
    if (this.abort.signal.aborted) return;
    const bytes = Buffer.from(encodeEnvelope(message.envelope));
    const kind = kindOf(message.message);
    if (bytes.length > this.options.timings.maxMessageSize) {
      this.options.metrics.messagesDropped.inc({ reason: "too_large" });
      this.log.warn(
        { kind, bytes: bytes.length },
        "not sending a message larger than the maximum message size",
      );
      return;
    }
    for (const peer of peers) void this.sendTo(peer, bytes, kind);
  }

  async ping(peer: RemotePeer, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted || this.abort.signal.aborted || !isEndpoint(peer.endpoint)) return false;
    const client = this.newClient(peer.endpoint);
    try {
      const deadline = this.options.clock.now() + this.options.timings.dialTimeout;
      const stop = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
      await abortable(callPing(client, deadline), stop);
      return true;
    } catch {
      return false;
    } finally {
      this.closeClient(client);
    }
  }

  async *messages(): AsyncIterable<ReceivedMessage> {
    for await (const queued of this.inbound) {
      queued.release();
      yield queued.message;
    }
  }

  presumedDead(): AsyncIterable<Uint8Array> {
    return this.deadPeers;
  }

  identityChanges(): AsyncIterable<Uint8Array> {
    return this.switchedIdentities;
  }

  closeConnection(pkiId: Uint8Array): void {
    this.store.get(pkiIdHex(pkiId))?.close();
  }

  connectedPeers(): Uint8Array[] {
    return this.store.pkiIds().map((hex) => Buffer.from(hex, "hex"));
  }

  /** Live handshaked connections with who dialed whom, for the admin API's /v1/peers. */
  liveConnections(): { pkiId: string; direction: Direction; endpoint: string }[] {
    const live: { pkiId: string; direction: Direction; endpoint: string }[] = [];
    for (const pkiId of this.store.pkiIds()) {
      const connection = this.store.get(pkiId);
      if (connection) live.push({ pkiId, direction: connection.direction, endpoint: connection.endpoint });
    }
    return live;
  }

  async stop(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.abort.abort(new CommError("stopped", "comm stopped"));
    this.store.closeAll();
    for (const connection of this.pendingHandshakes) connection.close();
    for (const client of this.clients) client.close();
    this.clients.clear();
    this.inbound.close();
    this.deadPeers.close();
    this.switchedIdentities.close();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 1_000);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private async sendTo(peer: RemotePeer, bytes: Buffer, kind: ReturnType<typeof kindOf>): Promise<void> {
    const { metrics } = this.options;
    try {
      const connection = await this.connectionTo(peer);
      if (connection.isClosed) throw new CommError("closed", "connection closed");
      if (!connection.enqueue(bytes)) {
        metrics.commOverflow.inc();
        metrics.messagesDropped.inc({ reason: "overflow" });
        return;
      }
      metrics.commMessagesSent.inc();
      metrics.messagesSent.inc({ type: kind });
      metrics.bytesSent.inc({ type: kind }, bytes.length);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.log.debug(
        { endpoint: peer.endpoint, err: (err as Error).message },
        "send failed; peer presumed dead",
      );
      this.deadPeers.push(peer.pkiId);
    }
  }

  /** The live connection to peer, dialing (once, however many sends wait) when there is none. */
  private connectionTo(peer: RemotePeer): Promise<Connection> {
    const key = pkiIdHex(peer.pkiId);
    const existing = this.store.get(key);
    if (existing && !existing.isClosed) return Promise.resolve(existing);
    let pending = this.dialing.get(key);
    if (!pending) {
      pending = this.dial(peer.endpoint, false, peer.pkiId, this.abort.signal)
        .then((connection) => this.adopt(connection))
        .finally(() => this.dialing.delete(key));
      this.dialing.set(key, pending);
    }
    return pending;
  }

  private async dial(
    endpoint: string,
    probe: boolean,
    expectedPkiId: Uint8Array | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Connection> {
    const { metrics, timings, clock } = this.options;
    const direction: Direction = "outbound";
    metrics.handshakeAttempts.inc({ direction });
    const endTimer = metrics.handshakeDuration.startTimer({ direction });
    if (!isEndpoint(endpoint)) {
      const failure = new CommError("dial", `not a host:port endpoint: ${excerpt(endpoint, 80)}`);
      this.recordHandshakeFailure(direction, failure, endpoint);
      throw failure;
    }
    const client = this.newClient(endpoint);
    let connection: Connection | undefined;
    try {
      const deadline = clock.now() + timings.dialTimeout;
      const stop = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
      try {
        await abortable(waitForReady(client, deadline), stop);
        await abortable(callPing(client, deadline), stop);
      } catch (err) {
        if (stop.aborted) throw new CommError("stopped", "dial aborted");
        throw new CommError("dial", `failed to dial ${endpoint}: ${describeGrpcError(err as Error)}`, {
          cause: err,
        });
      }
      const call = openGossipStream(client);
      connection = this.newConnection(call, "outbound", endpoint, client);
      connection.writeHandshake(probe ? this.hellos.probe : this.hellos.dial);
      const first = await connection.readFirst(timings.connTimeout, signal);
      const remote = this.verify(first, call);
      const remoteHex = pkiIdHex(remote.identity.pkiId);
      const switched = expectedPkiId && pkiIdHex(expectedPkiId) !== remoteHex ? expectedPkiId : undefined;
      // A probe must find exactly whom it expects; a connection also accepts a renewed certificate of the same org.
      if (switched && (probe || !this.isRenewalOf(switched, remote.identity))) {
        throw new CommError("pki_id_mismatch", PKI_ID_MISMATCH_MESSAGE);
      }
      if (!probe && remoteHex === this.selfPkiId) {
        throw new CommError("self", `${endpoint} is this node`);
      }
      connection.remote = remote.identity;
      endTimer();
      if (switched) {
        this.log.info(
          { endpoint, from: pkiIdHex(switched), to: remoteHex },
          "peer changed its PKI-ID (renewed certificate)",
        );
        if (!this.switchedIdentities.push(switched)) this.log.warn("identity change queue full, dropped");
      }
      return connection;
    } catch (err) {
      const failure = asCommError(err);
      if (connection) connection.close();
      this.closeClient(client);
      this.recordHandshakeFailure(direction, failure, endpoint);
      throw failure;
    } finally {
      if (connection) this.pendingHandshakes.delete(connection);
    }
  }

  /** Whether `remote` may replace the peer known as `previous`: its identity is known and of the same org. */
  private isRenewalOf(previous: Uint8Array, remote: ValidatedIdentity): boolean {
    const known = this.options.identityOf?.(previous);
    return known !== undefined && known.mspId === remote.mspId;
  }

  private async acceptStream(call: grpc.ServerDuplexStream<Buffer, Buffer>): Promise<void> {
    const { metrics, timings } = this.options;
    const direction: Direction = "inbound";
    if (this.abort.signal.aborted) {
      call.emit("error", { code: grpc.status.UNAVAILABLE, details: "shutting down" });
      return;
    }
    metrics.handshakeAttempts.inc({ direction });
    let handshaking = 0;
    for (const pending of this.pendingHandshakes) if (pending.direction === "inbound") handshaking++;
    const full =
      handshaking >= this.maxPendingHandshakes
        ? "too many gossip handshakes in progress"
        : this.store.size >= this.maxConnections
          ? "too many gossip connections"
          : undefined;
    if (full) {
      this.recordHandshakeFailure(direction, new CommError("capacity", full), call.getPeer());
      call.emit("error", { code: grpc.status.RESOURCE_EXHAUSTED, details: full });
      return;
    }
    const endTimer = metrics.handshakeDuration.startTimer({ direction });
    const connection = this.newConnection(call, "inbound", call.getPeer());
    // Fabric's acceptor sends its ConnEstablish at once, without waiting for the dialer's.
    connection.writeHandshake(this.hellos.accept);
    try {
      const first = await connection.readFirst(timings.connTimeout, this.abort.signal);
      const remote = this.verify(first, call);
      endTimer();
      if (remote.probe) {
        connection.close();
        return;
      }
      if (pkiIdHex(remote.identity.pkiId) === this.selfPkiId)
        throw new CommError("self", "connected to self");
      connection.remote = remote.identity;
      this.adopt(connection);
    } catch (err) {
      const failure = asCommError(err);
      this.recordHandshakeFailure(direction, failure, connection.endpoint);
      connection.close({ code: grpc.status.UNAUTHENTICATED, details: failure.message });
    } finally {
      this.pendingHandshakes.delete(connection);
    }
  }

  private verify(first: Buffer, call: Parameters<typeof peerCertHash>[0]) {
    const remote = verifyConnEstablish(first, {
      validator: this.options.validator,
      maxMessageSize: this.options.timings.maxMessageSize,
      tlsEnabled: !!this.options.tls,
      presentedCertHash: peerCertHash(call),
    });
    this.options.onIdentity?.(remote.identity);
    return remote;
  }

  private newConnection(
    call: ConstructorParameters<typeof Connection>[0],
    direction: Direction,
    endpoint: string,
    client?: grpc.Client,
  ): Connection {
    const { timings, clock } = this.options;
    const connection = new Connection(call, {
      direction,
      endpoint,
      client,
      clock,
      logger: this.log,
      sendBuffSize: timings.sendBuffSize,
      recvBuffSize: timings.recvBuffSize,
    });
    this.pendingHandshakes.add(connection);
    return connection;
  }

  /** Registers a handshaked connection and starts delivering what it receives. */
  private adopt(connection: Connection): Connection {
    if (!connection.remote) throw new CommError("closed", "connection has no verified remote");
    const kept = this.store.register(connection);
    if (kept === connection) {
      connection.activate(connection.remote, {
        onMessage: (bytes, from) => this.receive(bytes, from),
        onClose: (closed) => this.store.remove(closed),
      });
    }
    return kept;
  }

  private receive(bytes: Buffer, connection: Connection): void {
    const { metrics, timings } = this.options;
    let signed: SignedGossipMessage;
    try {
      signed = openEnvelope(decodeEnvelope(bytes, timings.maxMessageSize));
    } catch (err) {
      connection.released();
      metrics.messagesDropped.inc({ reason: err instanceof ProtocolError ? err.reason : "malformed" });
      return;
    }
    const kind = kindOf(signed.message);
    metrics.commMessagesReceived.inc();
    metrics.messagesReceived.inc({ type: kind });
    metrics.bytesReceived.inc({ type: kind }, bytes.length);
    const remote = connection.remote;
    if (kind === "conn" || !remote) {
      connection.released();
      return;
    }
    const message: ReceivedMessage = {
      signed,
      sender: { pkiId: remote.pkiId, endpoint: connection.endpoint, identity: remote },
      respond: (reply) => this.respond(connection, reply),
    };
    if (!this.inbound.push({ message, release: () => connection.released() })) {
      connection.released();
      metrics.messagesDropped.inc({ reason: "overflow" });
    }
  }

  private respond(connection: Connection, reply: SignedGossipMessage): void {
    const remote = connection.remote;
    if (!remote) return;
    const live = this.store.get(pkiIdHex(remote.pkiId));
    const target = live && !live.isClosed ? live : connection;
    if (target.isClosed) {
      if (connection.direction === "outbound") {
        // We dialed it: its endpoint is where the peer listens, so a new connection may carry the reply.
        this.send(reply, { endpoint: connection.endpoint, pkiId: remote.pkiId });
        return;
      }
      // An inbound stream's endpoint is the remote's ephemeral port: dialing it would fail and
      // wrongly presume the peer dead. The reply answers a stream that is gone: drop it as stale.
      this.options.metrics.messagesDropped.inc({ reason: "stale" });
      this.log.debug(
        { endpoint: connection.endpoint, kind: kindOf(reply.message) },
        "not replying: the inbound stream the request came on has closed",
      );
      return;
    }
    const bytes = Buffer.from(encodeEnvelope(reply.envelope));
    const kind = kindOf(reply.message);
    if (!target.enqueue(bytes)) {
      this.options.metrics.commOverflow.inc();
      this.options.metrics.messagesDropped.inc({ reason: "overflow" });
      return;
    }
    this.options.metrics.commMessagesSent.inc();
    this.options.metrics.messagesSent.inc({ type: kind });
    this.options.metrics.bytesSent.inc({ type: kind }, bytes.length);
  }

  /**
   * Counts every failure; logs inbound ones (the dialer's own caller logs
   * outbound failures with their context, so they are debug here).
   */
  private recordHandshakeFailure(direction: Direction, failure: CommError, endpoint: string): void {
    if (failure.reason === "stopped") return;
    const reason: HandshakeFailureReason = failure.reason;
    this.options.metrics.handshakeFailures.inc({ direction, reason });
    const fields = { direction, endpoint: excerpt(endpoint, 80), reason, err: excerpt(failure.message) };
    if (direction === "inbound") this.log.info(fields, "gossip handshake failed");
    else this.log.debug(fields, "gossip handshake failed");
  }

  private newClient(endpoint: string): grpc.Client {
    const client = new grpc.Client(endpoint, channelCredentials(this.options.tls), this.channelOptions());
    this.clients.add(client);
    return client;
  }

  private closeClient(client: grpc.Client): void {
    client.close();
    this.clients.delete(client);
  }

  private channelOptions(): grpc.ChannelOptions {
    const max = this.options.timings.maxMessageSize;
    return {
      "grpc.max_receive_message_length": max + RECEIVE_SLACK_BYTES,
      "grpc.max_send_message_length": max,
      "grpc.keepalive_time_ms": KEEPALIVE_TIME_MS,
      "grpc.keepalive_timeout_ms": KEEPALIVE_TIMEOUT_MS,
      // Without it grpc-js shares subchannels process-wide; each node keeps its own.
      "grpc.use_local_subchannel_pool": 1,
    };
  }
}

function asCommError(err: unknown): CommError {
  if (err instanceof CommError) return err;
  return new CommError("closed", (err as Error)?.message ?? String(err), { cause: err });
}

/** host:port with a DNS name, IPv4 or bracketed IPv6 host: never a unix: socket or a gRPC target scheme. */
export function isEndpoint(endpoint: string): boolean {
  return tryParseHostPort(endpoint) !== undefined;
}
