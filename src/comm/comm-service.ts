// What the layers above comm (discovery, identity pull) may ask of it. They
// never see a socket: the gRPC implementation and the in-memory one used by
// unit tests both satisfy this interface.
import type { ValidatedIdentity } from "../identity/validator.js";
import type { SignedGossipMessage } from "../protocol/signed-message.js";
import type { TraceCarrier } from "./trace-context.js";

/** A peer as comm addresses it: where to dial, and who must answer. */
export interface RemotePeer {
  readonly endpoint: string;
  readonly pkiId: Uint8Array;
  /** The PKI-ID in hex, when the caller has it (a member record): spares a conversion per send. */
  readonly hex?: string;
  /** Trace context for the GossipStream call, when a send to this peer has to open one. */
  readonly traceContext?: TraceCarrier;
}

/** A verified message from a handshaked peer. */
export interface ReceivedMessage {
  readonly signed: SignedGossipMessage;
  /** The connection's remote side, as proven by its handshake. */
  readonly sender: {
    readonly pkiId: Uint8Array;
    readonly endpoint: string;
    readonly identity: ValidatedIdentity;
    /** The trace context the remote put on the stream, when it dialed us with one. */
    readonly traceContext?: TraceCarrier;
  };
  /** Sends a message back over the stream this one came on. */
  respond(message: SignedGossipMessage): void;
}

export interface CommService {
  /**
   * Opens a probe stream to endpoint, handshakes, closes, and returns the
   * remote's validated identity. Rejects with a CommError whose reason says why.
   * The probe stream carries traceContext, when given, in its metadata.
   */
  handshake(
    endpoint: string,
    expectedPkiId?: Uint8Array,
    signal?: AbortSignal,
    traceContext?: TraceCarrier,
  ): Promise<ValidatedIdentity>;
  /**
   * Queues the message to each peer, dialing and handshaking where no
   * connection exists yet. Never throws: a failed send reports the peer
   * through presumedDead. When the peer answering at the endpoint has another
   * PKI-ID of the same org (a renewed certificate), the connection is kept under
   * the new PKI-ID and the old one is reported through identityChanges; of
   * another org, the send fails (pki_id_mismatch).
   */
  send(message: SignedGossipMessage, ...peers: RemotePeer[]): void;
  /** True when the peer answers a gRPC Ping within the dial timeout. */
  ping(peer: RemotePeer, signal?: AbortSignal): Promise<boolean>;
  /** Every received message, for the single consumer (the node's router). */
  messages(): AsyncIterable<ReceivedMessage>;
  /** PKI-IDs of peers a send failed to reach: discovery marks them dead at once. Ends on stop(). */
  presumedDead(): AsyncIterable<Uint8Array>;
  /**
   * Old PKI-IDs of peers found at their endpoint under a new PKI-ID of the
   * same org (Fabric's IdentitySwitch): discovery purges them at once. Ends on stop().
   */
  identityChanges(): AsyncIterable<Uint8Array>;
  closeConnection(pkiId: Uint8Array): void;
  /** PKI-IDs with a live, handshaked connection. */
  connectedPeers(): Uint8Array[];
  stop(): Promise<void>;
}
