// At most one live connection per remote PKI-ID. When both sides dial each
// other at once, both keep the stream dialed by the side with the lower
// PKI-ID, so they agree without talking; otherwise a newer stream replaces an
// older one of the same direction (a restarted peer's new inbound stream).
import { pkiIdHex } from "../identity/pki-id.js";
import type { Connection } from "./connection.js";

export class ConnectionStore {
  private readonly byPkiId = new Map<string, Connection>();

  constructor(
    private readonly selfPkiId: string,
    private readonly onSizeChange: (size: number) => void,
  ) {}

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
    if (existing && !existing.isClosed && !this.replaces(candidate, existing, remote)) {
      candidate.close();
      return existing;
    }
    this.byPkiId.set(remote, candidate);
    this.onSizeChange(this.byPkiId.size);
    existing?.close();
    return candidate;
  }

  /** Forgets a closed connection, unless another already took its place. */
  remove(connection: Connection): void {
    if (!connection.remote) return;
    const remote = remotePkiId(connection);
    if (this.byPkiId.get(remote) !== connection) return;
    this.byPkiId.delete(remote);
    this.onSizeChange(this.byPkiId.size);
  }

  closeAll(): void {
    const all = [...this.byPkiId.values()];
    this.byPkiId.clear();
    this.onSizeChange(0);
    for (const connection of all) connection.close();
  }

  private replaces(candidate: Connection, existing: Connection, remote: string): boolean {
    if (candidate.direction === existing.direction) return true;
    const weDialFirst = this.selfPkiId < remote;
    return weDialFirst === (candidate.direction === "outbound");
  }
}

function remotePkiId(connection: Connection): string {
  if (!connection.remote) throw new Error("connection registered before its handshake");
  return pkiIdHex(connection.remote.pkiId);
}
