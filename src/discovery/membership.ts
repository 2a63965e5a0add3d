// The membership view (Fabric's id2Member with its aliveLastTS and deadLastTS
// maps): one record per member holding who it is, where it listens, whether it
// is alive or dead, and the alive message that last spoke for it. The state is
// one field, so a member is alive or dead, never both and never neither. Every
// change raises its membership event and keeps the gauges in step.
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { NodeMetrics } from "../observability/metrics.js";
import { sameBytes } from "../util/bytes.js";
import { pickRandom } from "../util/random.js";
import type { AliveFacts, StoredAlive } from "./alive-message.js";
import type { MembershipEventKind, MembershipEvents } from "./events.js";
import { Tombstones } from "./tombstones.js";

export type MemberState = "alive" | "dead";

/** One member as the node, the admin API and metrics read it; JSON-ready (uint64s as decimal strings). */
export interface MemberView {
  /** Lower-case hex PKI-ID. */
  readonly pkiId: string;
  readonly state: MemberState;
  readonly mspId: string | undefined;
  readonly endpoint: string;
  /** Known only for members of our org (it travels in SecretEnvelopes). */
  readonly internalEndpoint: string | undefined;
  /** Base64 of the member's metadata; absent when empty. */
  readonly metadata?: string;
  readonly incNum: string;
  readonly seqNum: string;
  /** Clock ms of the last alive message that moved the member forward. */
  readonly lastSeen: number;
  /** Clock ms at which the member entered its current state. */
  readonly stateSince: number;
  /** Times it came back alive after having been alive and declared dead (alive → dead → alive). */
  readonly flaps: number;
}

interface Member {
  readonly pkiId: Uint8Array;
  readonly hex: string;
  endpoint: string;
  internalEndpoint: string | undefined;
  metadata: Uint8Array;
  state: MemberState;
  /** The newest alive message that moved it forward; membership responses serve it. */
  latest: StoredAlive;
  lastSeen: number;
  stateSince: number;
  /** See MemberView.flaps. */
  flaps: number;
  /** It was alive at some point (one learned dead from a response may never have been). */
  wasAlive: boolean;
  /** Its slot in the alive array while alive, so leaving it and sampling it cost O(1) per member. */
  aliveSlot: number;
}

/** A member record as the rest of discovery reads it; only Membership changes it. */
export type MemberRecord = Readonly<Omit<Member, "aliveSlot" | "wasAlive">>;

export interface MembershipOptions {
  readonly clock: Clock;
  readonly metrics: NodeMetrics;
  readonly events: MembershipEvents;
  readonly logger: Logger;
  /** The MSP ID of a member, for its events and views. */
  orgOf(hex: string): string | undefined;
}

export class Membership {
  private readonly members = new Map<string, Member>();
  /** The alive members, kept as an array so forwarding samples k of them without a scan. */
  private readonly aliveMembers: Member[] = [];
  private readonly tombstones = new Tombstones();

  constructor(private readonly options: MembershipOptions) {}

  get(hex: string): MemberRecord | undefined {
    return this.members.get(hex);
  }

  /** Fabric's learnNewMembers: a member never seen before, alive or (from a membership response) dead. */
  learnNewMember(record: StoredAlive, state: MemberState): void {
    const now = this.options.clock.now();
    const member: Member = {
      pkiId: record.pkiId,
      hex: record.hex,
      endpoint: record.endpoint,
      internalEndpoint: record.internalEndpoint,
      metadata: record.metadata,
      state,
      latest: record,
      lastSeen: now,
      stateSince: now,
      flaps: 0,
      wasAlive: false,
      aliveSlot: -1,
    };
    this.members.set(record.hex, member);
    this.tombstones.exhume(record.hex);
    if (state === "alive") this.enterAlive(member);
    this.changed(state === "alive" ? "joined" : "dead", member);
  }

  /** Fabric's learnExistingMembers: a newer alive message about an alive member. */
  learnExistingMember(record: StoredAlive): void {
    const member = this.members.get(record.hex);
    if (member?.state !== "alive") return;
    const changed = refresh(member, record);
    member.lastSeen = this.options.clock.now();
    if (changed) this.changed("updated", member);
  }

  /** Fabric's resurrectMember: a dead member spoke with a newer timestamp. */
  resurrectMember(record: StoredAlive): void {
    const member = this.members.get(record.hex);
    if (member?.state !== "dead") return;
    refresh(member, record);
    const now = this.options.clock.now();
    if (member.wasAlive) {
      member.flaps += 1;
      this.options.metrics.membershipFlaps.inc();
    }
    member.state = "alive";
    member.lastSeen = now;
    member.stateSince = now;
    this.enterAlive(member);
    this.changed("resurrected", member);
  }

  /** Moves an alive member to dead, keeping its last alive message; undefined when it was not alive. */
  markDead(hex: string): MemberRecord | undefined {
    const member = this.members.get(hex);
    if (member?.state !== "alive") return undefined;
    this.leaveAlive(member);
    member.state = "dead";
    member.stateSince = this.options.clock.now();
    this.changed("dead", member);
    return member;
  }

  /** Forgets the member entirely (its "purged" event still carries what was known). */
  purge(hex: string): MemberRecord | undefined {
    const member = this.members.get(hex);
    if (!member) return undefined;
    if (member.state === "alive") this.leaveAlive(member);
    this.members.delete(hex);
    this.tombstones.bury(hex, member.latest.time);
    this.changed("purged", member);
    return member;
  }

  /** A purged member's old alive message (not newer than its last one): learning it would raise a zombie. */
  isZombie(record: Pick<AliveFacts, "hex" | "time">): boolean {
    return !this.members.has(record.hex) && this.tombstones.holds(record.hex, record.time);
  }

  /** Hex PKI-IDs of the alive members whose last alive message was accepted before `cutoff`. */
  aliveSilentBefore(cutoff: number): string[] {
    return this.aliveMembers.filter((m) => m.lastSeen < cutoff).map((m) => m.hex);
  }

  alive(): MemberRecord[] {
    return [...this.aliveMembers];
  }

  dead(): MemberRecord[] {
    return [...this.members.values()].filter((m) => m.state === "dead");
  }

  /**
   * Up to k distinct alive members that `accept` takes, at random. Samples the
   * alive array instead of filtering it, so the cost follows k, not the view's
   * size; falls back to a scan when few members qualify.
   */
  sampleAlive(k: number, accept: (member: MemberRecord) => boolean): MemberRecord[] {
    const pool = this.aliveMembers;
    if (k <= 0 || pool.length === 0) return [];
    if (pool.length <= 4 * k) return pickRandom(pool.filter(accept), k);
    // k is propagatePeerNum (3 by default): an array beats a Set for so few.
    const chosen: Member[] = [];
    for (let tries = 0; tries < 8 * k && chosen.length < k; tries++) {
      const member = pool[Math.floor(Math.random() * pool.length)] as Member;
      if (!chosen.includes(member) && accept(member)) chosen.push(member);
    }
    return chosen.length === k ? chosen : pickRandom(pool.filter(accept), k);
  }

  get aliveCount(): number {
    return this.aliveMembers.length;
  }

  get deadCount(): number {
    return this.members.size - this.aliveMembers.length;
  }

  /** The member as the admin API and the node show it. */
  view(hex: string): MemberView | undefined {
    const member = this.members.get(hex);
    if (!member) return undefined;
    const { time } = member.latest;
    return {
      pkiId: member.hex,
      state: member.state,
      mspId: this.options.orgOf(member.hex),
      endpoint: member.endpoint,
      internalEndpoint: member.internalEndpoint,
      ...(member.metadata.length > 0 ? { metadata: Buffer.from(member.metadata).toString("base64") } : {}),
      incNum: time.incNum.toString(),
      seqNum: time.seqNum.toString(),
      lastSeen: member.lastSeen,
      stateSince: member.stateSince,
      flaps: member.flaps,
    };
  }

  views(): MemberView[] {
    return [...this.members.keys()].flatMap((hex) => this.view(hex) ?? []);
  }

  private enterAlive(member: Member): void {
    member.wasAlive = true;
    member.aliveSlot = this.aliveMembers.length;
    this.aliveMembers.push(member);
  }

  /** Swap-remove: the last alive member takes the leaving one's slot. */
  private leaveAlive(member: Member): void {
    const last = this.aliveMembers.pop() as Member;
    if (last !== member) {
      this.aliveMembers[member.aliveSlot] = last;
      last.aliveSlot = member.aliveSlot;
    }
    member.aliveSlot = -1;
  }

  /** Fabric's "Membership view has changed", at info with who and how; then the gauges and the event. */
  private changed(kind: MembershipEventKind, member: Member): void {
    const { metrics, events, clock, logger } = this.options;
    const mspId = this.options.orgOf(member.hex);
    logger.info(
      {
        kind,
        pki_id: member.hex,
        msp_id: mspId,
        endpoint: member.endpoint,
        internal_endpoint: member.internalEndpoint,
        flaps: member.flaps,
      },
      "Membership view has changed",
    );
    metrics.membershipPeers.set({ state: "alive" }, this.aliveCount);
    metrics.membershipPeers.set({ state: "dead" }, this.deadCount);
    metrics.totalPeersKnown.set(this.aliveCount);
    metrics.membershipEvents.inc({ kind });
    events.emit({
      kind,
      pkiId: member.hex,
      endpoint: member.endpoint,
      ...(member.internalEndpoint ? { internalEndpoint: member.internalEndpoint } : {}),
      ...(mspId ? { mspId } : {}),
      flaps: member.flaps,
      at: clock.now(),
    });
  }
}

/** Takes the endpoints and metadata of a newer alive message; true when peers would see a change. */
function refresh(member: Member, record: StoredAlive): boolean {
  const internalEndpoint = record.internalEndpoint ?? member.internalEndpoint;
  const changed =
    member.endpoint !== record.endpoint ||
    member.internalEndpoint !== internalEndpoint ||
    !sameBytes(member.metadata, record.metadata);
  member.endpoint = record.endpoint;
  member.internalEndpoint = internalEndpoint;
  member.metadata = record.metadata;
  member.latest = record;
  return changed;
}
