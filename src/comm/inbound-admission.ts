// Admission to the gossip port, decided before gRPC sees a byte. Comm owns the
// listening socket and hands each accepted connection to grpc-js, so that no
// single remote address can hold every handshake slot, a connection that never
// completes a handshake is closed at the handshake deadline, and the open
// connections stay within the process's file-descriptor budget.
import * as net from "node:net";
import type { Clock, TimerHandle } from "../clock/clock.js";
import type { ConnectionRefusalReason } from "./reasons.js";

export interface AdmissionLimits {
  /** Open inbound TCP connections, handshaked or not: below the file-descriptor limit. */
  maxInboundConnections: number;
  /** Open inbound connections from one remote address that have not completed a handshake yet. */
  maxUnauthenticatedPerAddress: number;
  /** Inbound streams handshaking at once, from all addresses. */
  maxPendingHandshakes: number;
  /** Inbound streams handshaking at once from one remote address. */
  maxPendingHandshakesPerAddress: number;
  /** A connection that has not completed a gossip handshake by then is closed. */
  handshakeDeadlineMs: number;
}

/**
 * Defaults of the limits on handshakes and strangers' connections. One address
 * gets a quarter of the handshake slots: a single source cannot lock others
 * out, while a burst of peers behind one address (a cluster on one host, a
 * NAT) still joins, retrying what is refused.
 */
export const ADMISSION_DEFAULTS = {
  maxPendingHandshakes: 64,
  maxPendingHandshakesPerAddress: 16,
  maxUnauthenticatedPerAddress: 32,
} as const;

/** What a deployment may set; the handshake deadline follows the timings. */
export type AdmissionSettings = Partial<Omit<AdmissionLimits, "handshakeDeadlineMs">>;

export interface AdmissionObserver {
  onRefused(reason: ConnectionRefusalReason, address: string): void;
  onOpenConnectionsChange(open: number): void;
}

export interface AdmissionOptions {
  limits: AdmissionLimits;
  clock: Clock;
  observer: AdmissionObserver;
  /** Receives every admitted socket: grpc-js's connection injector. */
  inject(socket: net.Socket): void;
}

/** A handshake in progress on an inbound stream; release it however the handshake ends. */
export interface HandshakeSlot {
  /** `authenticated`: the remote proved its identity, so its connection is no longer a stranger's. */
  release(authenticated: boolean): void;
}

interface AdmittedSocket {
  readonly socket: net.Socket;
  readonly address: string;
  authenticated: boolean;
  deadline: TimerHandle | undefined;
}

export class InboundAdmission {
  private readonly server: net.Server;
  /** Keyed as grpc-js's getPeer() names a stream's remote: "address:port". */
  private readonly sockets = new Map<string, AdmittedSocket>();
  private readonly unauthenticatedByAddress = new Tally();
  private readonly pendingByAddress = new Tally();
  private pendingHandshakes = 0;

  constructor(private readonly options: AdmissionOptions) {
    this.server = net.createServer({ noDelay: true }, (socket) => this.admit(socket));
  }

  /** Listens on host:port (port 0: the OS chooses) and resolves with the port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen({ host: host.replace(/^\[(.*)\]$/, "$1"), port }, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  /**
   * A slot for a stream's handshake, or why there is none. `peer` is the
   * stream's remote as grpc-js reports it (call.getPeer()).
   */
  beginHandshake(peer: string): HandshakeSlot | "capacity" | "address_capacity" {
    const admitted = this.sockets.get(peer);
    const address = admitted?.address ?? peer.slice(0, peer.lastIndexOf(":"));
    const { limits } = this.options;
    if (this.pendingHandshakes >= limits.maxPendingHandshakes) return "capacity";
    if (this.pendingByAddress.get(address) >= limits.maxPendingHandshakesPerAddress)
      return "address_capacity";
    this.pendingHandshakes++;
    this.pendingByAddress.add(address, 1);
    let released = false;
    return {
      release: (authenticated) => {
        if (released) return;
        released = true;
        this.pendingHandshakes--;
        this.pendingByAddress.add(address, -1);
        if (authenticated && admitted) this.trust(admitted);
      },
    };
  }

  /** Stops accepting and closes every admitted connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const admitted of this.sockets.values()) admitted.socket.destroy();
    await closed;
    // Handles are released in the event loop's close phase, after 'close' is emitted: one more
    // turn and stop() leaves no listening or accepted socket behind.
    await new Promise((resolve) => setImmediate(resolve));
  }

  private admit(socket: net.Socket): void {
    // A refused or reset socket must not become an unhandled error; grpc-js handles admitted ones too.
    socket.on("error", () => {});
    const address = socket.remoteAddress ?? "unknown";
    const { limits, observer, clock } = this.options;
    const refusal: ConnectionRefusalReason | undefined =
      this.sockets.size >= limits.maxInboundConnections
        ? "capacity"
        : this.unauthenticatedByAddress.get(address) >= limits.maxUnauthenticatedPerAddress
          ? "address_capacity"
          : undefined;
    if (refusal) {
      socket.destroy();
      observer.onRefused(refusal, address);
      return;
    }
    const key = `${address}:${socket.remotePort}`;
    const admitted: AdmittedSocket = { socket, address, authenticated: false, deadline: undefined };
    admitted.deadline = clock.setTimeout(() => {
      admitted.deadline = undefined;
      socket.destroy();
      observer.onRefused("handshake_deadline", address);
    }, limits.handshakeDeadlineMs);
    this.sockets.set(key, admitted);
    this.unauthenticatedByAddress.add(address, 1);
    observer.onOpenConnectionsChange(this.sockets.size);
    socket.once("close", () => this.forget(key, admitted));
    this.options.inject(socket);
  }

  private trust(admitted: AdmittedSocket): void {
    if (admitted.authenticated) return;
    admitted.authenticated = true;
    admitted.deadline?.cancel();
    admitted.deadline = undefined;
    this.unauthenticatedByAddress.add(admitted.address, -1);
  }

  private forget(key: string, admitted: AdmittedSocket): void {
    admitted.deadline?.cancel();
    if (!admitted.authenticated) this.unauthenticatedByAddress.add(admitted.address, -1);
    this.sockets.delete(key);
    this.options.observer.onOpenConnectionsChange(this.sockets.size);
  }
}

/** Counts per key, forgetting keys that drop to zero so the map holds only live addresses. */
class Tally {
  private readonly counts = new Map<string, number>();

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string, delta: number): void {
    const next = this.get(key) + delta;
    if (next > 0) this.counts.set(key, next);
    else this.counts.delete(key);
  }
}
