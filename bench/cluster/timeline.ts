// Where a run's convergence time goes, member by member: spawn, admin API up,
// bootstrap connect acked, how many members it listed alive at each poll, when it
// first listed all, and when all the others first listed it. Fed by the
// convergence polls (so its resolution is theirs); pure, so it is unit-tested.
import { seconds } from "./tables.js";

/** "k of N-1 alive" at a poll where k changed. */
export interface AliveCount {
  readonly at: number;
  readonly count: number;
}

/** One member's start-up and convergence; every time in ms since the run's first spawn. */
export interface MemberTimeline {
  readonly index: number;
  readonly spawnedAt: number;
  /** Its admin API's first answer: start-up done. */
  readonly adminUpAt?: number;
  /** Its bootstrap handshake, as the member recorded it (wall clock, ms resolution). */
  readonly bootstrapHandshakeAt?: number;
  /** The first poll that found its bootstrap connect acked (its membership request answered). */
  readonly bootstrapAckedAt?: number;
  readonly aliveCounts: readonly AliveCount[];
  /** The first poll at which it listed every other member alive. */
  readonly sawAllAt?: number;
  /** When the last of the others first listed it alive. */
  readonly seenByAllAt?: number;
  /** When it first listed each other member alive (by member index; absent: never). */
  readonly firstSaw: Readonly<Record<number, number>>;
}

interface Recording {
  spawnedAt: number;
  id?: string;
  adminUpAt?: number;
  bootstrapHandshakeAt?: number;
  bootstrapAckedAt?: number;
  aliveCounts: AliveCount[];
  sawAllAt?: number;
  /** First time it listed each PKI-ID alive (a member's PKI-ID may be learnt after it is seen). */
  firstSawId: Map<string, number>;
}

/** Collects the convergence polls' observations; times are performance.now() values. */
export class TimelineRecorder {
  readonly #members: Recording[] = [];

  constructor(readonly origin: number) {}

  spawned(index: number, at: number): void {
    this.#members[index] = { spawnedAt: at, aliveCounts: [], firstSawId: new Map() };
  }

  #member(index: number): Recording {
    const member = this.#members[index];
    if (!member) throw new Error(`member ${index} was not spawned`);
    return member;
  }

  isUp(index: number): boolean {
    return this.#member(index).adminUpAt !== undefined;
  }

  adminUp(index: number, at: number, id: string): void {
    const member = this.#member(index);
    member.adminUpAt ??= at;
    member.id = id;
  }

  isBootstrapAcked(index: number): boolean {
    return this.#member(index).bootstrapAckedAt !== undefined;
  }

  bootstrapAcked(index: number, at: number, handshakeAt: number | undefined): void {
    const member = this.#member(index);
    member.bootstrapAckedAt ??= at;
    if (handshakeAt !== undefined) member.bootstrapHandshakeAt ??= handshakeAt;
  }

  /** One poll of member `index`'s alive list; true when it lists `others` or more. */
  listedAlive(index: number, at: number, ids: readonly string[], others: number): boolean {
    const member = this.#member(index);
    if (member.aliveCounts.at(-1)?.count !== ids.length) member.aliveCounts.push({ at, count: ids.length });
    for (const id of ids) if (!member.firstSawId.has(id)) member.firstSawId.set(id, at);
    if (ids.length >= others) member.sawAllAt ??= at;
    return member.sawAllAt !== undefined;
  }

  /** Every member's timeline, times relative to the origin, to 0.1 ms. */
  timelines(): MemberTimeline[] {
    const since = (t: number) => Math.round((t - this.origin) * 10) / 10;
    const rel = (t: number | undefined) => (t === undefined ? undefined : since(t));
    const indexOf = new Map(
      this.#members.flatMap((m, i) => (m.id === undefined ? [] : [[m.id, i] as const])),
    );
    const firstSaw = this.#members.map((m) => {
      const seen: Record<number, number> = {};
      for (const [id, at] of m.firstSawId) {
        const index = indexOf.get(id);
        if (index !== undefined) seen[index] = since(at);
      }
      return seen;
    });
    return this.#members.map((m, index) => {
      const seenBy = firstSaw.flatMap((seen, viewer) => (viewer === index ? [] : [seen[index]]));
      const seenByAll =
        seenBy.length > 0 && seenBy.every((t) => t !== undefined)
          ? Math.max(...(seenBy as number[]))
          : undefined;
      return definedOnly({
        index,
        spawnedAt: since(m.spawnedAt),
        adminUpAt: rel(m.adminUpAt),
        bootstrapHandshakeAt: rel(m.bootstrapHandshakeAt),
        bootstrapAckedAt: rel(m.bootstrapAckedAt),
        aliveCounts: m.aliveCounts.map((c) => ({ at: since(c.at), count: c.count })),
        sawAllAt: rel(m.sawAllAt),
        seenByAllAt: seenByAll,
        firstSaw: firstSaw[index] ?? {},
      });
    });
  }
}

/** The object without its undefined fields (so JSON and equality checks see only what was measured). */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The member that converged last: the latest to list all the others (one that never did first),
 * of those the latest to be listed by all.
 */
export function slowestMember(timelines: readonly MemberTimeline[]): MemberTimeline | undefined {
  const key = (t: MemberTimeline) => [t.sawAllAt ?? Infinity, t.seenByAllAt ?? Infinity] as const;
  const later = (a: MemberTimeline, b: MemberTimeline) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] > kb[0] || (ka[0] === kb[0] && ka[1] > kb[1]);
  };
  return timelines.reduce<MemberTimeline | undefined>(
    (slowest, t) => (slowest === undefined || later(t, slowest) ? t : slowest),
    undefined,
  );
}

/** How many members each list names, at most. */
const NAMED_MEMBERS = 3;
/** Alive counts shown in the compact line, at most (first and last always among them). */
const SHOWN_COUNTS = 6;

/** The `count` items of `items` evenly spaced, the first and the last included. */
export function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from(
    { length: count },
    (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))] as T,
  );
}

/** Members by the time given, latest first; those never seen (no time) before all. */
function latest(times: ReadonlyMap<number, number | undefined>): string {
  return [...times]
    .sort((a, b) => (b[1] ?? Infinity) - (a[1] ?? Infinity))
    .slice(0, NAMED_MEMBERS)
    .map(([i, at]) => `${i} (${at === undefined ? "never" : seconds(at)})`)
    .join(", ");
}

/**
 * One line for the report: spawn → admin up → bootstrap acked → k of N−1 alive at t … → all seen,
 * seen by all, and the members it saw last and that saw it last. Times since the run's first spawn.
 */
export function describeTimeline(t: MemberTimeline, all: readonly MemberTimeline[]): string {
  const others = all.filter((o) => o.index !== t.index);
  const at = (label: string, time: number | undefined) =>
    `${label} ${time === undefined ? "never" : seconds(time)}`;
  const handshake =
    t.bootstrapHandshakeAt === undefined ? "" : ` (handshake ${seconds(t.bootstrapHandshakeAt)})`;
  const counts = evenlySpaced(t.aliveCounts, SHOWN_COUNTS)
    .map((c) => `${c.count}/${others.length} at ${seconds(c.at)}`)
    .join(", ");
  const steps = [
    `member ${t.index}: ${at("spawn", t.spawnedAt)}`,
    at("admin up", t.adminUpAt),
    ...(t.index === 0 ? [] : [`${at("bootstrap acked", t.bootstrapAckedAt)}${handshake}`]),
    ...(counts === "" ? [] : [`alive ${counts}`]),
    at("saw all", t.sawAllAt),
  ];
  const sawLast = new Map(others.map((o) => [o.index, t.firstSaw[o.index]]));
  const seenLast = new Map(others.map((o) => [o.index, o.firstSaw[t.index]]));
  return [
    steps.join(" → "),
    `; ${at("seen by all", t.seenByAllAt)}`,
    ...(others.length === 0 ? [] : [`; saw last: ${latest(sawLast)}; seen last by: ${latest(seenLast)}`]),
  ].join("");
}
