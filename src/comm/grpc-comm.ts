// The gRPC implementation of CommService: the gossip.Gossip server (behind
// comm's own admission of inbound connections), dialing with handshakes, one
// connection per PKI-ID, and the single stream of received messages that the
// node routes to discovery and identity pull.
import { setMaxListeners } from "node:events";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { GossipTimings } from "../config/gossip-config.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { Direction, NodeMetrics } from "../observability/metrics.js";
import { ProtocolError } from "../protocol/errors.js";
import { kindOf, type MessageKind } from "../protocol/messages.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  openEnvelope,
  type SignedGossipMessage,
} from "../protocol/signed-message.js";
import { abortable } from "../util/abortable.js";
import { AsyncQueue } from "../util/async-queue.js";
import { formatHostPort, parseHostPort, tryParseHostPort } from "../util/host-port.js";
import { CommReporter } from "./comm-reporter.js";
import type { CommService, ReceivedMessage, RemotePeer } from "./comm-service.js";
import { Connection, describeGrpcError } from "./connection.js";
import { ConnectionStore } from "./connection-store.js";
import { CommError, excerpt, PKI_ID_MISMATCH_MESSAGE } from "./errors.js";
import { processInboundConnectionBudget } from "./fd-limit.js";
import {
  callPing,
  gossipServiceDefinition,
  openGossipStream,
  pingHandler,
  waitForReady,
} from "./grpc-service.js";
import { grpcTarget } from "./grpc-target.js";
import { encodeConnEstablish, MAX_HANDSHAKE_BYTES, verifyConnEstablish } from "./handshake.js";
import {
  ADMISSION_DEFAULTS,
  type AdmissionSettings,
  type HandshakeSlot,
  InboundAdmission,
} from "./inbound-admission.js";
import { missedByOwnStall } from "./stalled-deadline.js";
import {
  channelCredentials,
  type GossipTlsOptions,
  ownCertHash,
  peerCertHash,
  serverCredentials,
} from "./tls.js";
import { type TraceCarrier, traceCarrierOf } from "./trace-context.js";
import { limitUnauthenticatedReads } from "./unauthenticated-read-limit.js";

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
  /**
   * Limits on inbound TCP connections and handshakes (ADMISSION_DEFAULTS when
   * omitted); the handshake deadline is always dialTimeout + connTimeout.
   */
  admission?: AdmissionSettings;
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
  /** Hears each admitted inbound handshake (for its SERVER span); refused streams are not reported. */
  inboundHandshakes?: InboundHandshakeObserver;
}

/** An inbound GossipStream's handshake, from admission until it is verified or fails. */
export interface InboundHandshakeObserver {
  /** `peerAddress` is the socket's host:port; `traceContext` what the dialer put in the call's metadata. */
  begin(peerAddress: string, traceContext: TraceCarrier | undefined): InboundHandshake;
}

export interface InboundHandshake {
  identified(identity: ValidatedIdentity, probe: boolean): void;
  failed(failure: CommError): void;
}

/** A received message with the connection it came on, released once the consumer takes it (flow control). */
interface QueuedMessage extends ReceivedMessage {
  readonly connection: Connection;
}

const DEFAULT_MAX_CONNECTIONS = 1024;
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
  private readonly injector: ReturnType<grpc.Server["createConnectionInjector"]>;
  private readonly admission: InboundAdmission;
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
  /** Every gRPC client this comm created and has not closed: stop() closes the rest. */
  private readonly clients = new Set<grpc.Client>();
  /** Our ConnEstablish never changes: signed once per kind instead of per stream. */
  private readonly hellos: { accept: Buffer; dial: Buffer; probe: Buffer };
  /**
   * A message sent again (a forward, a retry) is encoded once. Keyed by identity: signed
   * messages are never mutated (a variant such as withoutSecret is a new object).
   */
  private readonly encoded = new WeakMap<SignedGossipMessage, Buffer>();
  /**
   * Built once and shared by every client: with TLS, each ChannelCredentials holds its own
   * TLS secure context (parsed key, certificate and CA store).
   */
  private readonly credentials: grpc.ChannelCredentials;
  private readonly clientOptions: grpc.ChannelOptions;
  private readonly log: Logger;
  private readonly report: CommReporter;
  private readLimitUnavailable = false;
  private boundAddress: string | undefined;

  constructor(private readonly options: GrpcCommOptions) {
    const { timings, clock, metrics } = options;
    this.log = options.logger;
    this.report = new CommReporter(metrics, this.log, clock);
    this.selfPkiId = pkiIdHex(options.signer.pkiId);
    this.certHash = ownCertHash(options.tls);
    this.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.credentials = channelCredentials(options.tls);
    this.clientOptions = this.channelOptions();
    // Every pending handshake waits on this signal.
    setMaxListeners(0, this.abort.signal);
    const hello = (probe: boolean) => encodeConnEstablish(options.signer, this.certHash, probe);
    this.hellos = { accept: hello(false), dial: hello(false), probe: hello(true) };
    this.inbound = new AsyncQueue<QueuedMessage>(timings.recvBuffSize * this.maxConnections, (taken) =>
      taken.connection.released(),
    );
    this.store = new ConnectionStore({
      onSizeChange: (size) => this.report.connections(size),
      onStreamEvent: (event, connection) => this.report.streamEvent(event, connection),
    });
    this.server = new grpc.Server({
      ...this.channelOptions(),
      "grpc.max_concurrent_streams": MAX_CONCURRENT_STREAMS,
      "grpc.max_connection_idle_ms": MAX_CONNECTION_IDLE_MS,
    });
    this.server.addService(gossipServiceDefinition, {
      GossipStream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => void this.acceptStream(call),
      Ping: pingHandler,
    });
    this.injector = this.server.createConnectionInjector(serverCredentials(options.tls));
    this.admission = new InboundAdmission({
      limits: {
        ...ADMISSION_DEFAULTS,
        maxInboundConnections: processInboundConnectionBudget(),
        ...options.admission,
        handshakeDeadlineMs: timings.dialTimeout + timings.connTimeout,
      },
      clock,
      observer: {
        onRefused: (reason, address) => this.report.connectionRefused(reason, address),
        onOpenConnectionsChange: (open) => this.report.inboundConnections(open),
      },
      inject: (socket) => this.injector.injectConnection(socket),
    });
  }

  /** Listens; resolves with the host:port actually listened on. */
  async listen(): Promise<string> {
    this.report.transportSecurity(this.options.tls);
    const { host, port } = parseHostPort(this.options.listenAddress, { allowPortZero: true });
    this.boundAddress = formatHostPort({ host, port: await this.admission.listen(host, port) });
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
    traceContext?: TraceCarrier,
  ): Promise<ValidatedIdentity> {
    const connection = await this.dial(endpoint, true, expectedPkiId, signal, traceContext);
    connection.close();
    if (!connection.remote) throw new CommError("closed", "handshake produced no identity");
    return connection.remote;
  }

  send(message: SignedGossipMessage, ...peers: RemotePeer[]): void {
    if (this.abort.signal.aborted) return;
    const bytes = this.encode(message);
    const kind = kindOf(message.message);
    if (bytes.length > this.options.timings.maxMessageSize) {
      this.options.metrics.tallies.dropped(kind, "too_large");
      this.log.warn(
        { kind, bytes: bytes.length },
        "not sending a message larger than the maximum message size",
      );
      return;
    }
    for (const peer of peers) {
      const existing = this.store.get(peer.hex ?? pkiIdHex(peer.pkiId));
      if (existing && !existing.isClosed) this.enqueue(existing, bytes, kind);
      else void this.dialAndSend(peer, bytes, kind);
    }
  }

  async ping(peer: RemotePeer, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted || this.abort.signal.aborted || !isEndpoint(peer.endpoint)) return false;
    const client = this.newClient(peer.endpoint);
    try {
      const stop = this.stopSignal(signal);
      // Fabric's probe allows dialTimeout to connect and connTimeout for the Ping. One call with
      // both budgets gives a busy peer as long, and still fails at once on a refused connection.
      const { clock, timings } = this.options;
      await abortable(callPing(client, clock.now() + timings.dialTimeout + timings.connTimeout), stop);
      return true;
    } catch {
      return false;
    } finally {
      this.closeClient(client);
    }
  }

  /**
   * Taking a message releases its stream's flow control. The queue itself: one promise per
   * message and no wrapper (an async generator or a mapping iterator adds promise hops).
   */
  messages(): AsyncIterable<ReceivedMessage> {
    return this.inbound;
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
    const admissionClosed = this.admission.close();
    this.injector.destroy();
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
    await admissionClosed;
  }

  private encode(message: SignedGossipMessage): Buffer {
    let bytes = this.encoded.get(message);
    if (!bytes) {
      const raw = encodeEnvelope(message.envelope);
      bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      this.encoded.set(message, bytes);
    }
    return bytes;
  }

  /** Queues bytes on a live connection, counting them as sent or as an overflow. */
  private enqueue(connection: Connection, bytes: Buffer, kind: MessageKind): void {
    if (connection.enqueue(bytes)) this.report.sent(kind, bytes.length);
    else this.report.overflow(kind);
  }

  private async dialAndSend(peer: RemotePeer, bytes: Buffer, kind: MessageKind): Promise<void> {
    try {
      const connection = await this.connectionTo(peer);
      if (connection.isClosed) {
        // As Fabric's send on a closing connection: the message is lost, the peer not presumed dead.
        // Simultaneous dials close each other's winning stream (Fabric's tie-break); the peer answered.
        this.options.metrics.tallies.dropped(kind, "closed");
        return;
      }
      this.enqueue(connection, bytes, kind);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      if (err instanceof CommError && err.reason === "stalled") {
        // Our own stall, not the peer's silence: the message is lost, the peer not blamed.
        this.options.metrics.tallies.dropped(kind, "stalled");
        this.log.debug({ endpoint: peer.endpoint, err: err.message }, "send dropped; this node was stalled");
        return;
      }
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
      pending = this.dial(peer.endpoint, false, peer.pkiId, this.abort.signal, peer.traceContext)
        .then(
          (connection) => this.adopt(connection),
          (err: unknown) => this.connectedMeanwhile(key, err),
        )
        .finally(() => this.dialing.delete(key));
      this.dialing.set(key, pending);
    }
    return pending;
  }

  /**
   * Fabric's getConnection looks again after a dial fails: if the peer connected to us in the
   * meantime (it was dialing us too), that connection carries the sends and nobody is presumed
   * dead. Only a failed dial with no live connection to the peer fails the send.
   */
  private connectedMeanwhile(key: string, err: unknown): Connection {
    const live = this.store.get(key);
    if (live && !live.isClosed) return live;
    throw err;
  }

  private async dial(
    endpoint: string,
    probe: boolean,
    expectedPkiId: Uint8Array | undefined,
    signal: AbortSignal | undefined,
    traceContext: TraceCarrier | undefined,
  ): Promise<Connection> {
    const { metrics } = this.options;
    const direction: Direction = "outbound";
    metrics.handshakeAttempts.inc({ direction });
    const endTimer = metrics.handshakeDuration.startTimer({ direction });
    if (!isEndpoint(endpoint)) {
      const failure = new CommError("dial", `not a host:port endpoint: ${excerpt(endpoint, 80)}`);
      this.report.handshakeFailed(direction, failure, endpoint);
      throw failure;
    }
    const client = this.newClient(endpoint);
    let connection: Connection | undefined;
    try {
      const call = await this.openStream(client, endpoint, signal, traceContext);
      connection = this.newConnection(call, "outbound", endpoint, client);
      this.writeHello(connection, probe ? this.hellos.probe : this.hellos.dial);
      const remote = this.verify(await this.readHello(connection, signal), call);
      this.checkDialled(endpoint, probe, expectedPkiId, remote.identity);
      connection.remote = remote.identity;
      endTimer();
      return connection;
    } catch (err) {
      const failure = asCommError(err);
      if (connection) connection.close();
      this.closeClient(client);
      this.report.handshakeFailed(direction, failure, endpoint);
      throw failure;
    } finally {
      if (connection) this.pendingHandshakes.delete(connection);
    }
  }

  /** Connects and proves the server answers (a Ping), then opens the stream. */
  private async openStream(
    client: grpc.Client,
    endpoint: string,
    signal: AbortSignal | undefined,
    traceContext: TraceCarrier | undefined,
  ) {
    const stop = this.stopSignal(signal);
    // Fabric's dial: the connection within dialTimeout, then a Ping answered within connTimeout of
    // its own. One deadline for both would leave the Ping whatever a slow connect left over, and a
    // peer that is merely busy would fail the dial and be presumed dead.
    const { clock, timings } = this.options;
    // grpc-js fails waitForReady only at its deadline (or on a closed channel, which only stop does);
    // a Ping also fails for the peer's reasons (refused, reset, unimplemented), which are not ours.
    let stage = {
      budget: timings.dialTimeout,
      deadline: clock.now() + timings.dialTimeout,
      expired: (_err: unknown) => true,
    };
    try {
      await abortable(waitForReady(client, stage.deadline), stop);
      stage = {
        budget: timings.connTimeout,
        deadline: clock.now() + timings.connTimeout,
        expired: isDeadlineExceeded,
      };
      await abortable(callPing(client, stage.deadline), stop);
    } catch (err) {
      if (stop.aborted) throw new CommError("stopped", "dial aborted");
      const now = clock.now();
      // Only a deadline that fired late measured our stall; any other failure is the peer's, as in Fabric.
      if (stage.expired(err) && missedByOwnStall(now, stage.deadline, stage.budget)) {
        throw new CommError(
          "stalled",
          `dial to ${endpoint} timed out while this process was stalled (${Math.round(now - stage.deadline)} ms past the deadline)`,
          { cause: err },
        );
      }
      throw new CommError("dial", `failed to dial ${endpoint}: ${describeGrpcError(err as Error)}`, {
        cause: err,
      });
    }
    return openGossipStream(client, traceContext);
  }

  /** Aborts when the caller's signal does or comm stops. */
  private stopSignal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
  }

  /**
   * Whom a dial found must be whom it expected: a probe exactly; a connection
   * also accepts a renewed certificate of the same org (reported as an identity change).
   */
  private checkDialled(
    endpoint: string,
    probe: boolean,
    expectedPkiId: Uint8Array | undefined,
    remote: ValidatedIdentity,
  ): void {
    const remoteHex = pkiIdHex(remote.pkiId);
    const switched = expectedPkiId && pkiIdHex(expectedPkiId) !== remoteHex ? expectedPkiId : undefined;
    if (switched && (probe || !this.isRenewalOf(switched, remote))) {
      throw new CommError("pki_id_mismatch", PKI_ID_MISMATCH_MESSAGE);
    }
    if (!probe && remoteHex === this.selfPkiId) {
      throw new CommError("self", `${endpoint} is this node`);
    }
    if (switched) {
      this.log.info(
        { endpoint, previous_pki_id: pkiIdHex(switched), pki_id: remoteHex },
        "peer changed its PKI-ID (renewed certificate)",
      );
      if (!this.switchedIdentities.push(switched)) this.log.warn("identity change queue full, dropped");
    }
  }

  /** Whether `remote` may replace the peer known as `previous`: its identity is known and of the same org. */
  private isRenewalOf(previous: Uint8Array, remote: ValidatedIdentity): boolean {
    const known = this.options.identityOf?.(previous);
    return known !== undefined && known.mspId === remote.mspId;
  }

  private async acceptStream(call: grpc.ServerDuplexStream<Buffer, Buffer>): Promise<void> {
    const { metrics } = this.options;
    const direction: Direction = "inbound";
    if (this.abort.signal.aborted) {
      call.emit("error", { code: grpc.status.UNAVAILABLE, details: "shutting down" });
      return;
    }
    metrics.handshakeAttempts.inc({ direction });
    const slot = this.admitHandshake(call);
    if (!slot) return;
    // Before a byte is read: a stranger's first message may not exceed the handshake's bound.
    const readLimit = limitUnauthenticatedReads(call, MAX_HANDSHAKE_BYTES);
    if (!readLimit) this.warnReadLimitUnavailable();
    const endTimer = metrics.handshakeDuration.startTimer({ direction });
    const connection = this.newConnection(call, "inbound", call.getPeer());
    const traceContext = traceCarrierOf(call.metadata);
    const observed = this.options.inboundHandshakes?.begin(connection.endpoint, traceContext);
    // Fabric's acceptor sends its ConnEstablish at once, without waiting for the dialer's.
    this.writeHello(connection, this.hellos.accept);
    let authenticated = false;
    try {
      const first = await this.readHello(connection, this.abort.signal).catch((err: unknown) => {
        if (!readLimit?.exceeded) throw err;
        throw new CommError("too_large", `handshake message larger than ${MAX_HANDSHAKE_BYTES} bytes`);
      });
      const remote = this.verify(first, call);
      authenticated = true;
      readLimit?.lift();
      endTimer();
      observed?.identified(remote.identity, remote.probe);
      if (remote.probe) {
        connection.close();
        return;
      }
      if (pkiIdHex(remote.identity.pkiId) === this.selfPkiId)
        throw new CommError("self", "connected to self");
      connection.remote = remote.identity;
      this.adopt(connection, traceContext);
    } catch (err) {
      const failure = asCommError(err);
      if (!authenticated) observed?.failed(failure);
      this.report.handshakeFailed(direction, failure, connection.endpoint);
      connection.close({ code: grpc.status.UNAUTHENTICATED, details: failure.message });
    } finally {
      slot.release(authenticated);
      this.pendingHandshakes.delete(connection);
    }
  }

  /** A handshake slot for the stream, or undefined after refusing it (no slot left for its source). */
  private admitHandshake(call: grpc.ServerDuplexStream<Buffer, Buffer>): HandshakeSlot | undefined {
    const full =
      this.store.size >= this.maxConnections ? "capacity" : this.admission.beginHandshake(call.getPeer());
    if (typeof full !== "string") return full;
    const details =
      full === "address_capacity"
        ? "too many gossip handshakes in progress from this address"
        : "too many gossip handshakes or connections";
    this.report.handshakeFailed("inbound", new CommError("capacity", details), call.getPeer());
    call.emit("error", { code: grpc.status.RESOURCE_EXHAUSTED, details });
    return undefined;
  }

  private warnReadLimitUnavailable(): void {
    if (this.readLimitUnavailable) return;
    this.readLimitUnavailable = true;
    this.log.warn(
      "this grpc-js version hides its message decoder: unauthenticated streams are bounded by the maximum message size only",
    );
  }

  private writeHello(connection: Connection, hello: Buffer): void {
    connection.writeHandshake(hello);
    this.report.handshakeSent(hello.length);
  }

  private async readHello(connection: Connection, signal: AbortSignal | undefined): Promise<Buffer> {
    const first = await connection.readFirst(this.options.timings.connTimeout, signal);
    this.report.handshakeReceived(first.length);
    return first;
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
  private adopt(connection: Connection, traceContext?: TraceCarrier): Connection {
    const remote = connection.remote;
    if (!remote) throw new CommError("closed", "connection has no verified remote");
    const kept = this.store.register(connection);
    if (kept === connection) {
      // One sender and one responder per connection, shared by every message it delivers.
      const sender = { pkiId: remote.pkiId, endpoint: connection.endpoint, identity: remote, traceContext };
      const respond = (reply: SignedGossipMessage) => this.respond(connection, reply);
      connection.activate(remote, {
        onMessage: (bytes) => this.receive(bytes, connection, sender, respond),
        onClose: (closed) => this.store.remove(closed),
      });
    }
    return kept;
  }

  private receive(
    bytes: Buffer,
    connection: Connection,
    sender: ReceivedMessage["sender"],
    respond: ReceivedMessage["respond"],
  ): void {
    let signed: SignedGossipMessage;
    try {
      signed = openEnvelope(decodeEnvelope(bytes, this.options.timings.maxMessageSize));
    } catch (err) {
      connection.released();
      const reason = err instanceof ProtocolError ? err.reason : "malformed";
      this.options.metrics.tallies.dropped("unknown", reason);
      return;
    }
    const kind = kindOf(signed.message);
    this.report.received(kind, bytes.length);
    if (kind === "conn") {
      connection.released();
      return;
    }
    if (!this.inbound.push({ signed, sender, respond, connection })) {
      connection.released();
      this.options.metrics.tallies.dropped(kind, "overflow");
    }
  }

  private respond(connection: Connection, reply: SignedGossipMessage): void {
    const remote = connection.remote;
    if (!remote) return;
    const live = this.store.get(pkiIdHex(remote.pkiId));
    const target = live && !live.isClosed ? live : connection;
    if (!target.isClosed) {
      this.enqueue(target, this.encode(reply), kindOf(reply.message));
      return;
    }
    if (connection.direction === "outbound") {
      // We dialed it: its endpoint is where the peer listens, so a new connection may carry the reply.
      this.send(reply, { endpoint: connection.endpoint, pkiId: remote.pkiId });
      return;
    }
    // An inbound stream's endpoint is the remote's ephemeral port: dialing it would fail and
    // wrongly presume the peer dead. The reply answers a stream that is gone: drop it as stale.
    this.options.metrics.tallies.dropped(kindOf(reply.message), "stale");
    this.log.debug(
      { endpoint: connection.endpoint, kind: kindOf(reply.message) },
      "not replying: the inbound stream the request came on has closed",
    );
  }

  private newClient(endpoint: string): grpc.Client {
    const client = new grpc.Client(grpcTarget(endpoint), this.credentials, this.clientOptions);
    this.clients.add(client);
    return client;
  }

  private closeClient(client: grpc.Client): void {
    client.close();
    this.clients.delete(client);
  }

  /**
   * One channel per peer, so each carries only what a gossip stream needs:
   * no channelz bookkeeping, no retry buffering (gossip sends are fire-and-forget),
   * no proxy lookup, no DNS TXT query for a service config when dialing a name
   * (gossip has none: each dial would send one more query to the DNS server),
   * and Fabric's keepalive.
   */
  private channelOptions(): grpc.ChannelOptions {
    const max = this.options.timings.maxMessageSize;
    return {
      "grpc.max_receive_message_length": max + RECEIVE_SLACK_BYTES,
      "grpc.max_send_message_length": max,
      "grpc.keepalive_time_ms": KEEPALIVE_TIME_MS,
      "grpc.keepalive_timeout_ms": KEEPALIVE_TIMEOUT_MS,
      "grpc.enable_channelz": 0,
      "grpc.enable_retries": 0,
      "grpc.enable_http_proxy": 0,
      "grpc.service_config_disable_resolution": 1,
      // Without it grpc-js shares subchannels process-wide; each node keeps its own.
      "grpc.use_local_subchannel_pool": 1,
    };
  }
}

function isDeadlineExceeded(err: unknown): boolean {
  return (err as Partial<grpc.ServiceError> | undefined)?.code === grpc.status.DEADLINE_EXCEEDED;
}

function asCommError(err: unknown): CommError {
  if (err instanceof CommError) return err;
  return new CommError("closed", (err as Error)?.message ?? String(err), { cause: err });
}

/** host:port with a DNS name, IPv4 or bracketed IPv6 host: never a unix: socket or a gRPC target scheme. */
export function isEndpoint(endpoint: string): boolean {
  return tryParseHostPort(endpoint) !== undefined;
}
