// What discovery remembers of members it purged: their last alive message's
// (inc_num, seq_num), so a replay of an old alive message cannot bring a
// purged member back as a zombie (Fabric forgets, and is open to that). A
// genuinely restarted member has a higher inc_num and comes back. Bounded in
// count: the least recently buried are forgotten first.
import { compareTime, type PeerTime } from "../protocol/messages.js";

/** Enough for every member of a large network to be purged at once. */
export const DEFAULT_TOMBSTONE_CAPACITY = 10_000;

export class Tombstones {
  /** hex PKI-ID -> last time; Map order is burial order, oldest first. */
  private readonly buried = new Map<string, PeerTime>();

  constructor(private readonly capacity = DEFAULT_TOMBSTONE_CAPACITY) {}

  bury(hex: string, time: PeerTime): void {
    this.buried.delete(hex);
    this.buried.set(hex, time);
    if (this.buried.size > this.capacity) {
      const oldest = this.buried.keys().next().value as string;
      this.buried.delete(oldest);
    }
  }

  /** True when an alive message with this time is not newer than the member's last one before its purge. */
  holds(hex: string, time: PeerTime): boolean {
    const last = this.buried.get(hex);
    return last !== undefined && compareTime(time, last) <= 0;
  }

  /** The member came back with a newer message: its tombstone has served. */
  exhume(hex: string): void {
    this.buried.delete(hex);
  }
}
