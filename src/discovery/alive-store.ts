// Fabric's alive message store (msgstore with the alive comparator): the
// newest alive message per PKI-ID. It refuses replays and stale messages, and
// after aliveExpirationTimeout x msgExpirationFactor it expires a message,
// telling discovery, which purges the member (bootstrap peers excepted). Expired entries
// keep refusing older replays for one more TTL before they are forgotten. A
// message is kept in its compact stored form (StoredAlive), not as decoded.
import type { Clock } from "../clock/clock.js";
import { compareTime } from "../protocol/messages.js";
import { type AliveFacts, type AliveRecord, StoredAlive } from "./alive-message.js";

/** new: would be accepted; duplicate: same timestamp as the stored one; stale: older. */
export type AliveCheck = "new" | "duplicate" | "stale";

interface Entry {
  record: StoredAlive;
  createdAt: number;
  expired: boolean;
}

export class AliveStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    /** aliveExpirationTimeout x msgExpirationFactor. */
    readonly ttlMs: number,
    private readonly onExpire: (record: StoredAlive) => void,
  ) {}

  /** How often expire() should run: Fabric checks every hundredth of the TTL. */
  get checkIntervalMs(): number {
    return Math.max(1, Math.floor(this.ttlMs / 100));
  }

  /** Fabric's CheckValid: whether the store would take this message. */
  check(record: Pick<AliveFacts, "hex" | "time">): AliveCheck {
    const entry = this.entries.get(record.hex);
    if (!entry) return "new";
    const order = compareTime(record.time, entry.record.time);
    if (order > 0) return "new";
    return order === 0 ? "duplicate" : "stale";
  }

  /** Stores the message if it is newer than the one held; its stored form when stored, for the membership to keep. */
  add(record: AliveRecord): StoredAlive | undefined {
    if (this.check(record) !== "new") return undefined;
    const stored = StoredAlive.of(record);
    this.entries.set(record.hex, { record: stored, createdAt: this.clock.now(), expired: false });
    return stored;
  }

  /** Expires messages older than the TTL (calling onExpire once each) and forgets those older than twice it. */
  expire(): void {
    const now = this.clock.now();
    const expiredNow: StoredAlive[] = [];
    for (const [hex, entry] of this.entries) {
      const age = now - entry.createdAt;
      if (entry.expired) {
        if (age > 2 * this.ttlMs) this.entries.delete(hex);
      } else if (age > this.ttlMs) {
        entry.expired = true;
        expiredNow.push(entry.record);
      }
    }
    for (const record of expiredNow) this.onExpire(record);
  }
}
