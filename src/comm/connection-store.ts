// At most one live connection per remote PKI-ID, with Fabric's tie-break
// (gossip/comm conn.go): a new inbound stream replaces whatever connection
// exists, and a freshly dialled outbound one is dropped when a live connection
// already exists. Both sides then agree with a Fabric peer on which stream lives.
import { pkiIdHex } from "../identity/pki-id.js";
import type { Connection } from "./connection.js";
import type { StreamEvent } from "./reasons.js";

export interface ConnectionStoreObserver {
  onSizeChange(size: number): void;
  /** `connection` is the stream the event is about: the one registered, replaced, dropped or closed. */
  onStreamEvent(event: StreamEvent, connection: Connection): void;
}

export class ConnectionStore {
  private readonly byPkiId = new Map<string, Connection>();

  constructor(private readonly observer: ConnectionStoreObserver) {}

  get(pkiId: string): Connection | undefined {
    return this.byPkiId.get(pkiId);
  }

  get size(): number {
    return this.byPkiId.size;
  }

  pkiIds(): string[] {
    return [...this.byPkiId.keys()];
  }

  /**
   * Adds a handshaked connection and returns the one kept for its PKI-ID.
   * The loser is closed by this call.
   */
  register(candidate: Connection): Connection {
    const remote = remotePkiId(candidate);
    const existing = this.byPkiId.get(remote);
    if (existing === candidate) return candidate;
    const live = existing && !existing.isClosed ? existing : undefined;
    if (live && candidate.direction === "outbound") {
      this.observer.onStreamEvent("dropped", candidate);
      candidate.close();
      return live;
    }
    this.byPkiId.set(remote, candidate);
    this.observer.onSizeChange(this.byPkiId.size);
    this.observer.onStreamEvent("registered", candidate);
    if (live) {
      this.observer.onStreamEvent("replaced", live);
      live.close();
    }
    return candidate;
  }

  /** Forgets a closed connection, unless another already took its place. */
  remove(connection: Connection): void {
    if (!connection.remote) return;
    const remote = remotePkiId(connection);
    if (this.byPkiId.get(remote) !== connection) return;
    this.byPkiId.delete(remote);
    this.observer.onSizeChange(this.byPkiId.size);
    this.observer.onStreamEvent("closed", connection);
  }

  closeAll(): void {
    const all = [...this.byPkiId.values()];
    this.byPkiId.clear();
    this.observer.onSizeChange(0);
    for (const connection of all) connection.close();
  }
}

function remotePkiId(connection: Connection): string {
  if (!connection.remote) throw new Error("connection registered before its handshake");
  return pkiIdHex(connection.remote.pkiId);
}
