// The membership view: who is known (with endpoints), who of them is alive and
// who dead, with the alive message that last spoke for each. Fabric keeps the
// same three maps (id2Member, aliveLastTS, deadLastTS); a known member must be
// in exactly one of alive/dead. Remote input must never break that, so every
// read checks it and repairs a violation instead of panicking as Fabric does.
import { compareTime, type PeerTime } from "../protocol/messages.js";
import { sameBytes } from "../util/bytes.js";
import type { AliveRecord } from "./alive-message.js";

export interface MemberInfo {
  readonly pkiId: Uint8Array;
  readonly hex: string;
  endpoint: string;
  internalEndpoint: string | undefined;
  metadata: Uint8Array;
}

export interface Liveness {
  time: PeerTime;
  /** Clock ms of the last alive message that moved this member forward. */
  lastSeen: number;
  /** Clock ms at which the member entered this state. */
  since: number;
  /** The latest alive message, served in membership responses. */
  record: AliveRecord;
}

export type MemberState = "alive" | "dead" | "unknown";

export type InvariantViolation = "alive_and_dead" | "known_but_neither" | "state_without_member";

export interface MemberView {
  readonly info: MemberInfo;
  readonly state: "alive" | "dead";
  readonly liveness: Liveness;
}

/** What an update changed, so discovery can tell "updated" from a heartbeat. */
export interface UpdateResult {
  readonly changed: boolean;
}

export class Membership {
  private readonly members = new Map<string, MemberInfo>();
  private readonly alive = new Map<string, Liveness>();
  private readonly dead = new Map<string, Liveness>();

  constructor(private readonly onRepair: (hex: string, violation: InvariantViolation) => void) {}

  /** The member's state, after repairing an invariant violation if one is found. */
  stateOf(hex: string): MemberState {
    const alive = this.alive.get(hex);
    const dead = this.dead.get(hex);
    if (!this.members.has(hex)) return alive || dead ? this.forgetBroken(hex) : "unknown";
    if (alive && dead) {
      this.onRepair(hex, "alive_and_dead");
      // Keep whichever state the newer message supports; a tie keeps it alive
      // and lets the expiry check decide.
      if (compareTime(dead.time, alive.time) > 0) {
        this.alive.delete(hex);
        return "dead";
      }
      this.dead.delete(hex);
      return "alive";
    }
    if (alive) return "alive";
    if (dead) return "dead";
    // Known but in neither map: forget it; its next alive message re-learns it.
    this.onRepair(hex, "known_but_neither");
    this.members.delete(hex);
    return "unknown";
  }

  info(hex: string): MemberInfo | undefined {
    return this.members.get(hex);
  }

  liveness(hex: string): Liveness | undefined {
    return this.alive.get(hex) ?? this.dead.get(hex);
  }

  view(hex: string): MemberView | undefined {
    const state = this.stateOf(hex);
    const info = this.members.get(hex);
    if (state === "unknown" || !info) return undefined;
    const liveness = (state === "alive" ? this.alive : this.dead).get(hex) as Liveness;
    return { info, state, liveness };
  }

  /** Learns a member never seen before, alive or dead (Fabric's learnNewMembers). */
  learnNew(record: AliveRecord, state: "alive" | "dead", now: number): void {
    const liveness: Liveness = { time: record.time, lastSeen: now, since: now, record };
    (state === "alive" ? this.alive : this.dead).set(record.hex, liveness);
    (state === "alive" ? this.dead : this.alive).delete(record.hex);
    const prev = this.members.get(record.hex);
    this.members.set(record.hex, {
      pkiId: record.pkiId,
      hex: record.hex,
      endpoint: record.endpoint,
      internalEndpoint: prev?.internalEndpoint ?? record.internalEndpoint,
      metadata: record.metadata,
    });
  }

  /** A newer alive message about an alive member (Fabric's learnExistingMembers). */
  update(record: AliveRecord, now: number): UpdateResult {
    const info = this.members.get(record.hex);
    const liveness = this.alive.get(record.hex);
    if (!info || !liveness) return { changed: false };
    const changed = this.refreshInfo(info, record);
    liveness.time = record.time;
    liveness.lastSeen = now;
    liveness.record = record;
    return { changed };
  }

  /** A dead member spoke with a newer timestamp: alive again. */
  resurrect(record: AliveRecord, now: number): void {
    const info = this.members.get(record.hex);
    if (info) this.refreshInfo(info, record);
    else this.learnNew(record, "alive", now);
    this.dead.delete(record.hex);
    this.alive.set(record.hex, { time: record.time, lastSeen: now, since: now, record });
  }

  /** Moves an alive member to dead, keeping its last timestamp; false when it was not alive. */
  markDead(hex: string, now: number): boolean {
    const liveness = this.alive.get(hex);
    if (!liveness) return false;
    this.alive.delete(hex);
    this.dead.set(hex, { ...liveness, since: now });
    return true;
  }

  /** Forgets the member entirely. */
  purge(hex: string): MemberInfo | undefined {
    const info = this.members.get(hex);
    this.members.delete(hex);
    this.alive.delete(hex);
    this.dead.delete(hex);
    return info;
  }

  /** Alive members silent for longer than timeoutMs. */
  silentSince(cutoff: number): string[] {
    const silent: string[] = [];
    for (const [hex, liveness] of this.alive) if (liveness.lastSeen < cutoff) silent.push(hex);
    return silent;
  }

  aliveIds(): string[] {
    return [...this.alive.keys()];
  }

  deadIds(): string[] {
    return [...this.dead.keys()];
  }

  knownIds(): string[] {
    return [...new Set([...this.members.keys(), ...this.alive.keys(), ...this.dead.keys()])];
  }

  get aliveCount(): number {
    return this.alive.size;
  }

  get deadCount(): number {
    return this.dead.size;
  }

  private refreshInfo(info: MemberInfo, record: AliveRecord): boolean {
    const internalEndpoint = record.internalEndpoint ?? info.internalEndpoint;
    const changed =
      info.endpoint !== record.endpoint ||
      info.internalEndpoint !== internalEndpoint ||
      !sameBytes(info.metadata, record.metadata);
    info.endpoint = record.endpoint;
    info.internalEndpoint = internalEndpoint;
    info.metadata = record.metadata;
    return changed;
  }

  private forgetBroken(hex: string): MemberState {
    this.onRepair(hex, "state_without_member");
    this.alive.delete(hex);
    this.dead.delete(hex);
    return "unknown";
  }
}
