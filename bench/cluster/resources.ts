// What the members cost over a window: CPU, RSS and PSS from /proc, messages and
// bytes sent from each member's /metrics, read once at each end of the window.
import { performance } from "node:perf_hooks";
import { median } from "../harness.js";
import { metricSamples } from "./admin-client.js";
import type { Member } from "./member-process.js";
import { type CpuTime, cpuSeconds, type MemoryUse, readCpuTime, readMemoryUse } from "./proc.js";
import { counterBy } from "./prometheus.js";

/** One member at one instant; a field is undefined when the member could not be read. */
interface MemberReading {
  readonly cpu: CpuTime | undefined;
  readonly memory: MemoryUse | undefined;
  /** Messages sent so far, by type. */
  readonly sent: ReadonlyMap<string, number>;
  readonly bytesSent: number;
}

export interface Snapshot {
  /** performance.now() when the readings were taken. */
  readonly at: number;
  readonly members: readonly MemberReading[];
}

/** Per-member cost over the window between two snapshots. */
export interface SteadyCost {
  readonly seconds: number;
  /** Mean over members of CPU time / window, in % of one core. */
  readonly cpuPercentMean: number;
  readonly cpuPercentMax: number;
  /** Member index → % of one core over the window; null for a member not read at both ends. */
  readonly cpuPercentByMember: readonly (number | null)[];
  readonly rssMedianBytes: number;
  readonly rssMaxBytes: number;
  /** Member index → RSS at the window's end; null for a member not read. */
  readonly rssBytesByMember: readonly (number | null)[];
  /** Proportional set size: shared pages divided among the processes that map them. */
  readonly pssMedianBytes: number;
  readonly pssMaxBytes: number;
  readonly messagesPerMemberPerSec: number;
  readonly bytesPerMemberPerSec: number;
  /** Messages per member per second, by type. */
  readonly messagesByType: Readonly<Record<string, number>>;
  /** Members that could not be read at one end of the window (left out of the means). */
  readonly unreadable: number;
}

/** One steady window's CPU (and RSS at its end) per member, for the warm-up series of --windows. */
export interface WindowCpu {
  /** Seconds from convergence (the settle's start) to the window's start. */
  readonly fromS: number;
  readonly seconds: number;
  readonly cpuPercentMean: number;
  readonly cpuPercentMax: number;
  readonly cpuPercentByMember: readonly (number | null)[];
  readonly rssBytesByMember: readonly (number | null)[];
}

/** The CPU part of a window's cost; the window began `fromMs` after convergence. */
export const windowCpu = (cost: SteadyCost, fromMs: number): WindowCpu => ({
  fromS: fromMs / 1000,
  seconds: cost.seconds,
  cpuPercentMean: cost.cpuPercentMean,
  cpuPercentMax: cost.cpuPercentMax,
  cpuPercentByMember: cost.cpuPercentByMember,
  rssBytesByMember: cost.rssBytesByMember,
});

async function readMember(member: Member): Promise<MemberReading> {
  const [cpu, memory, samples] = await Promise.all([
    readCpuTime(member.pid),
    readMemoryUse(member.pid),
    metricSamples(member.spec.adminUrl),
  ]);
  const bytes = samples ? counterBy(samples, "bytesSent", "type") : new Map<string, number>();
  return {
    cpu,
    memory,
    sent: samples ? counterBy(samples, "messagesSent", "type") : new Map(),
    bytesSent: [...bytes.values()].reduce((a, b) => a + b, 0),
  };
}

export async function snapshot(members: readonly Member[]): Promise<Snapshot> {
  const readings = await Promise.all(members.map(readMember));
  return { at: performance.now(), members: readings };
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** The cost per member between two snapshots of the same members. */
export function steadyCost(before: Snapshot, after: Snapshot): SteadyCost {
  const seconds = (after.at - before.at) / 1000;
  const cpuPercents: number[] = [];
  const byMember: (number | null)[] = [];
  const messages: number[] = [];
  const bytes: number[] = [];
  const byType = new Map<string, number>();
  after.members.forEach((end, i) => {
    const start = before.members[i];
    byMember.push(null);
    if (!start?.cpu || !end.cpu || end.sent.size === 0) return;
    const cpuPercent = ((cpuSeconds(end.cpu) - cpuSeconds(start.cpu)) / seconds) * 100;
    cpuPercents.push(cpuPercent);
    byMember[i] = cpuPercent;
    messages.push(sum(end.sent.values()) - sum(start.sent.values()));
    bytes.push(end.bytesSent - start.bytesSent);
    for (const [type, count] of end.sent) {
      byType.set(type, (byType.get(type) ?? 0) + count - (start.sent.get(type) ?? 0));
    }
  });
  const read = cpuPercents.length;
  const perMemberPerSec = (total: number) => (read > 0 ? total / read / seconds : Number.NaN);
  const memory = after.members.flatMap((m) => (m.memory === undefined ? [] : [m.memory]));
  const rss = memory.map((m) => m.rssBytes);
  const pss = memory.map((m) => m.pssBytes);
  return {
    seconds,
    cpuPercentMean: read > 0 ? sum(cpuPercents) / read : Number.NaN,
    cpuPercentMax: Math.max(...cpuPercents),
    cpuPercentByMember: byMember,
    rssMedianBytes: median(rss),
    rssMaxBytes: Math.max(...rss),
    rssBytesByMember: after.members.map((m) => m.memory?.rssBytes ?? null),
    pssMedianBytes: median(pss),
    pssMaxBytes: Math.max(...pss),
    messagesPerMemberPerSec: perMemberPerSec(sum(messages)),
    bytesPerMemberPerSec: perMemberPerSec(sum(bytes)),
    messagesByType: Object.fromEntries(
      [...byType].filter(([, n]) => n > 0).map(([type, n]) => [type, perMemberPerSec(n)]),
    ),
    unreadable: after.members.length - read,
  };
}
