// One run of the cluster benchmark against one CLI: N members started at once
// (member 0 is everyone's bootstrap peer), then, in order: convergence, settle,
// the steady-state window (cost and false deaths), detection of a SIGKILLed
// member, and one late joiner. Convergence is recorded member by member (see
// timeline.ts) to show where its time goes. Every wait is bounded; every member
// is stopped (and killed if need be) before the run returns or throws.
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pause } from "../harness.js";
import {
  ackedBootstrap,
  type DeathEvent,
  type DeathWatch,
  listedIds,
  metricSamples,
  selfId,
  watchDeaths,
} from "./admin-client.js";
import { type CliLaunch, type LaunchCommand, startCommand } from "./launch.js";
import { type Member, memberSpec, ProcessGroup } from "./member-process.js";
import type { ClusterBenchOptions } from "./options.js";
import type { Endpoints } from "./ports.js";
import { type CpuTime, cpuSeconds, readCpuTime, readLoadAverage } from "./proc.js";
import { counterBy } from "./prometheus.js";
import {
  type Snapshot,
  type SteadyCost,
  snapshot,
  steadyCost,
  type WindowCpu,
  windowCpu,
} from "./resources.js";
import type { RunContext } from "./runs.js";
import { describeTimeline, type MemberTimeline, slowestMember, TimelineRecorder } from "./timeline.js";

export interface RunInput extends RunContext {
  readonly options: ClusterBenchOptions;
  /** One per identity in material.peers: members 0..N-1, then the late joiner. */
  readonly endpoints: readonly Endpoints[];
}

/** What one run measured; a field is absent when its phase did not happen or did not finish. */
export interface RunRecord {
  readonly cli: string;
  readonly run: number;
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  /** From the last spawn until every member has listed N-1 alive. */
  readonly convergeMs?: number;
  /** From the last member's admin API answering (its start-up done) until convergence. */
  readonly convergeAfterUpMs?: number;
  /** The slowest member's spawn to its admin API answering. */
  readonly slowestStartupMs?: number;
  /** CPU seconds all members used from their spawn until convergence. */
  readonly cpuUntilConvergedS?: number;
  /** Of those, what their start-ups used (until each one's admin API answered). */
  readonly startupCpuS?: number;
  /** cpuUntilConvergedS over what the machine's cores could give from the first spawn to convergence. */
  readonly machineBusyShare?: number;
  /** Every member's start-up and convergence, times since the first spawn. */
  readonly timelines?: readonly MemberTimeline[];
  /** The member that converged last. */
  readonly slowest?: SlowMember;
  readonly steady?: SteadyCost;
  /** `dead` events for members that were running, during settle and window (the steady state). */
  readonly falseDeaths?: number;
  /**
   * The same from each member's admin API first answering to the window's end: the issue's
   * "any alive member ever listed dead", start-up storm included.
   */
  readonly falseDeathsSinceStart?: number;
  /** Every steady window's CPU in order, the first one included (--windows). */
  readonly windows?: readonly WindowCpu[];
  /** `dead` events for running members after the first window, in the later ones (--windows). */
  readonly falseDeathsLaterWindows?: number;
  /** From SIGKILL of one member until every survivor lists it dead. */
  readonly detectionMs?: number;
  /** From the late joiner's spawn until it sees every survivor alive and every survivor sees it. */
  readonly lateJoinerMs?: number;
  /** The same, from the late joiner's admin API answering. */
  readonly lateJoinerAfterUpMs?: number;
  /** CPU profile of the chosen member over the steady window (.cpuprofile). */
  readonly profileFile?: string;
  /** What went wrong or was skipped, in words. */
  readonly notes: readonly string[];
}

/** The member that converged last: its timeline in one line and its dropped messages by type/reason. */
export interface SlowMember {
  readonly index: number;
  readonly timeline: string;
  /** gossip_messages_dropped_total at the end of convergence, by "type/reason", zeros left out. */
  readonly dropped: Readonly<Record<string, number>>;
}

const STOP_TIMEOUT_MS = 10_000;
/** Preloaded into the profiled member: SIGUSR2 starts and stops its CPU profiler. */
const WINDOW_PROFILER = new URL("./window-profiler.mjs", import.meta.url).href;

/** Polls are spaced by at least this share of the time waited so far: 2 % resolution, and a slow wait does not load the cluster. */
const POLL_SPACING = 0.02;

/**
 * Polls probe(i) for every i not yet satisfied until each has been satisfied once; resolves with
 * performance.now() when the last one was, or with the ones still missing at the time bound.
 * Polls come every --poll at first, then further apart (POLL_SPACING); bounded in count and time.
 */
async function untilEach(
  count: number,
  probe: (i: number) => Promise<boolean>,
  options: ClusterBenchOptions,
): Promise<{ doneAt: number } | { missing: number[] }> {
  const pending = new Set(Array.from({ length: count }, (_, i) => i));
  const start = performance.now();
  const maxPolls = Math.ceil(options.timeoutMs / options.pollMs) + 1;
  for (let polls = 0; polls < maxPolls; polls++) {
    const results = await Promise.all([...pending].map(async (i) => [i, await probe(i)] as const));
    for (const [i, ok] of results) if (ok) pending.delete(i);
    if (pending.size === 0) return { doneAt: performance.now() };
    const waited = performance.now() - start;
    if (waited > options.timeoutMs) break;
    await pause(Math.max(options.pollMs, waited * POLL_SPACING));
  }
  return { missing: [...pending] };
}

/** Member `index`'s command line: the CLI's launch, with the window profiler preloaded if it is the profiled one. */
export function memberCommand(launch: CliLaunch, options: ClusterBenchOptions, index: number): LaunchCommand {
  return startCommand(launch, options.profileMember === index ? ["--import", WINDOW_PROFILER] : []);
}

class ClusterRun {
  readonly #group = new ProcessGroup();
  /** Member index → its `dead` events, watched from its admin API's first answer. */
  readonly #deathWatches = new Map<number, Promise<DeathWatch | undefined>>();
  /** Member index → its CPU time when its admin API first answered. */
  readonly startupCpu = new Map<number, Promise<CpuTime | undefined>>();
  readonly members: Member[] = [];
  readonly notes: string[] = [];

  constructor(readonly input: RunInput) {}

  get options(): ClusterBenchOptions {
    return this.input.options;
  }

  spawn(index: number, bootstrap: boolean): Member {
    const { options, cli, material, mspId, endpoints, workDir } = this.input;
    const peer = material.peers[index];
    const own = endpoints[index];
    if (!peer || !own || !endpoints[0]) throw new Error(`no identity or endpoints for member ${index}`);
    const setup = {
      index,
      mspId,
      mspDir: peer.mspDir,
      own,
      ...(bootstrap ? { bootstrap: endpoints[0].gossip } : {}),
      options,
      workDir,
    };
    const profiled = options.profileMember === index;
    return this.#group.spawn(
      memberSpec(
        setup,
        memberCommand(cli, options, index),
        profiled ? { BENCH_PROFILE_FILE: this.profileFile } : {},
      ),
    );
  }

  get profileFile(): string {
    const { cli, run, options } = this.input;
    const name = `${cli.label}-n${options.nodes}-run${run}-member${options.profileMember}.cpuprofile`;
    return join(options.profileDir, name);
  }

  get profiled(): Member | undefined {
    return this.options.profileMember === undefined ? undefined : this.members[this.options.profileMember];
  }

  /** Starts watching member i's `dead` events; a stream that does not open is tried again later. */
  watchDeathsFrom(i: number): void {
    if (this.#deathWatches.has(i)) return;
    const url = (this.members[i] as Member).spec.adminUrl;
    const watch = watchDeaths(url, i).catch(() => {
      this.#deathWatches.delete(i);
      return undefined;
    });
    this.#deathWatches.set(i, watch);
  }

  /** Every member's death watch, opening now (or failing the run) the ones still missing. */
  async deathWatches(): Promise<DeathWatch[]> {
    return Promise.all(
      this.members.map(async (m, i) => {
        const early = await this.#deathWatches.get(i);
        if (early) return early;
        this.notes.push(`member ${i}'s dead events are counted from the settle only (no stream before)`);
        const late = watchDeaths(m.spec.adminUrl, i);
        this.#deathWatches.set(i, late);
        return late;
      }),
    );
  }

  async closeDeathWatches(): Promise<void> {
    const watches = await Promise.all(this.#deathWatches.values());
    for (const w of watches) w?.close();
    this.#deathWatches.clear();
  }

  /** Fails the run when a member has exited on its own. */
  checkAlive(members: readonly Member[]): void {
    const dead = members.find((m) => m.exitStatus() !== undefined);
    if (dead) {
      throw new Error(
        `member ${dead.spec.index} exited (${dead.exitStatus()}); its log ends:\n${dead.logTail()}`,
      );
    }
  }

  async stopAll(): Promise<void> {
    try {
      await this.closeDeathWatches().catch(() => undefined);
      await Promise.all(this.members.map((m) => m.stop(STOP_TIMEOUT_MS)));
    } finally {
      this.#group.dispose();
    }
  }
}

/** Starts every member at once; the recorder's origin is just before the first spawn. */
async function startAll(c: ClusterRun): Promise<{ lastSpawn: number; recorder: TimelineRecorder }> {
  if (c.options.profileMember !== undefined) await mkdir(c.options.profileDir, { recursive: true });
  const recorder = new TimelineRecorder(performance.now());
  for (let i = 0; i < c.options.nodes; i++) {
    const member = c.spawn(i, i > 0);
    c.members.push(member);
    recorder.spawned(i, member.spawnedAt);
  }
  return { lastSpawn: performance.now(), recorder };
}

type ConvergenceCpu = Pick<RunRecord, "cpuUntilConvergedS" | "startupCpuS" | "machineBusyShare">;

type Startup = Pick<
  RunRecord,
  "convergeMs" | "convergeAfterUpMs" | "slowestStartupMs" | "timelines" | "slowest"
> &
  ConvergenceCpu;

/** What the cluster's CPU did until convergence, `elapsedMs` after the first spawn: is it CPU-bound? */
async function convergenceCpu(c: ClusterRun, elapsedMs: number): Promise<ConvergenceCpu> {
  const [atEnd, atUp] = await Promise.all([
    Promise.all(c.members.map((m) => readCpuTime(m.pid))),
    Promise.all(c.members.map((_, i) => c.startupCpu.get(i))),
  ]);
  const total = atEnd.reduce((acc, cpu) => acc + (cpu ? cpuSeconds(cpu) : Number.NaN), 0);
  const startup = atUp.reduce((acc, cpu) => acc + (cpu ? cpuSeconds(cpu) : Number.NaN), 0);
  if (!Number.isFinite(total) || !Number.isFinite(startup)) {
    c.notes.push("CPU until convergence not read: a member's /proc/PID/stat was not readable");
    return {};
  }
  const capacity = (availableParallelism() * elapsedMs) / 1000;
  return { cpuUntilConvergedS: total, startupCpuS: startup, machineBusyShare: total / capacity };
}

/**
 * One convergence poll of member i: its PKI-ID until its admin API has answered, its bootstrap
 * connection until acked, and its alive list; true once it has listed all the others.
 */
async function pollMember(c: ClusterRun, recorder: TimelineRecorder, i: number): Promise<boolean> {
  c.checkAlive(c.members);
  const url = (c.members[i] as Member).spec.adminUrl;
  if (!recorder.isUp(i)) {
    const id = await selfId(url);
    if (id === undefined) return false;
    recorder.adminUp(i, performance.now(), id);
    c.startupCpu.set(i, readCpuTime((c.members[i] as Member).pid));
    c.watchDeathsFrom(i);
  }
  const needsAck = i > 0 && !recorder.isBootstrapAcked(i);
  const [acked, alive] = await Promise.all([
    needsAck ? ackedBootstrap(url) : undefined,
    listedIds(url, "alive"),
  ]);
  const at = performance.now();
  if (acked) {
    const handshakeAt =
      acked.handshakeAt === undefined ? undefined : acked.handshakeAt - performance.timeOrigin;
    recorder.bootstrapAcked(i, at, handshakeAt);
  }
  return alive !== undefined && recorder.listedAlive(i, at, alive, c.options.nodes - 1);
}

async function converge(c: ClusterRun): Promise<Startup> {
  const { lastSpawn, recorder } = await startAll(c);
  const n = c.options.nodes;
  const result = await untilEach(n, (i) => pollMember(c, recorder, i), c.options);
  const timelines = recorder.timelines();
  const found = { timelines, ...(await slowest(c, timelines)) };
  const upAt = timelines.flatMap((t) => (t.adminUpAt === undefined ? [] : [t.adminUpAt - t.spawnedAt]));
  const startup: Startup = upAt.length === n ? { ...found, slowestStartupMs: Math.max(...upAt) } : found;
  if ("missing" in result) {
    c.notes.push(
      `not converged within ${c.options.timeoutMs} ms: members ${result.missing.join(", ")} saw fewer than ${n - 1} alive`,
    );
    return startup;
  }
  const lastUp = Math.max(...timelines.map((t) => t.adminUpAt ?? Number.NaN)) + recorder.origin;
  return {
    ...startup,
    ...(await convergenceCpu(c, result.doneAt - recorder.origin)),
    convergeMs: result.doneAt - lastSpawn,
    ...(Number.isFinite(lastUp) ? { convergeAfterUpMs: result.doneAt - lastUp } : {}),
  };
}

/** The member that converged last, with its drop counters read now. */
async function slowest(
  c: ClusterRun,
  timelines: readonly MemberTimeline[],
): Promise<Pick<Startup, "slowest">> {
  const last = slowestMember(timelines);
  if (!last) return {};
  const samples = await metricSamples((c.members[last.index] as Member).spec.adminUrl);
  const dropped = samples ? counterBy(samples, "messagesDropped", "type", "reason") : new Map();
  return {
    slowest: {
      index: last.index,
      timeline: describeTimeline(last, timelines),
      dropped: Object.fromEntries([...dropped].filter(([, n]) => n > 0)),
    },
  };
}

/** Windows 2..K of --windows, back to back after the first one, which ended at `first`. */
async function laterWindows(c: ClusterRun, first: Snapshot, settleFrom: number): Promise<WindowCpu[]> {
  const windows: WindowCpu[] = [];
  let before = first;
  for (let k = 1; k < c.options.windows; k++) {
    await pause(c.options.windowMs);
    const after = await snapshot(c.members);
    c.checkAlive(c.members);
    windows.push(windowCpu(steadyCost(before, after), before.at - settleFrom));
    before = after;
  }
  return windows;
}

type Steady = Pick<
  RunRecord,
  "steady" | "falseDeaths" | "falseDeathsSinceStart" | "windows" | "falseDeathsLaterWindows" | "profileFile"
>;

/**
 * Settle, then the window, then any later windows. False deaths are counted over settle and
 * window, and from each member's start-up to the window's end; the later windows' apart. The
 * profiled member is profiled over the (first) window.
 */
async function steadyState(c: ClusterRun): Promise<Steady> {
  try {
    const watches = await c.deathWatches();
    const settleFrom = performance.now();
    await pause(c.options.settleMs);
    c.checkAlive(c.members);
    if (c.profiled) await rm(c.profileFile, { force: true });
    const before = await snapshot(c.members);
    // The profile leaves out the benchmark's own /metrics reads at both ends.
    c.profiled?.signal("SIGUSR2");
    await pause(c.options.windowMs);
    c.profiled?.signal("SIGUSR2");
    const after = await snapshot(c.members);
    c.checkAlive(c.members);
    const steady = steadyCost(before, after);
    const later = await laterWindows(c, after, settleFrom);
    const deaths = watches.flatMap((w) => w.deaths);
    const sinceStart = deaths.filter((d) => d.at <= after.at);
    const inSteady = sinceStart.filter((d) => d.at >= settleFrom);
    if (sinceStart.length > 0) c.notes.push(await describeDeaths(c, sinceStart, inSteady.length));
    return {
      steady,
      falseDeaths: inSteady.length,
      falseDeathsSinceStart: sinceStart.length,
      windows: [windowCpu(steady, before.at - settleFrom), ...later],
      falseDeathsLaterWindows: deaths.length - sinceStart.length,
      ...(c.profiled ? await profileWritten(c) : {}),
    };
  } finally {
    await c.closeDeathWatches();
  }
}

/** Waits (bounded) for the profiled member to write its profile. */
async function profileWritten(c: ClusterRun): Promise<Pick<RunRecord, "profileFile">> {
  const file = c.profileFile;
  const result = await untilEach(1, async () => existsSync(file), c.options);
  if ("doneAt" in result) return { profileFile: file };
  c.notes.push(`no profile written to ${file} within ${c.options.timeoutMs} ms`);
  return {};
}

/** Most members named in the false-deaths note. */
const NAMED_DEATHS = 5;

/** One line about the false deaths since start: how many (how many steady), seen by how many members, and the members most often listed dead. */
async function describeDeaths(c: ClusterRun, deaths: readonly DeathEvent[], steady: number): Promise<string> {
  // Best effort: a member too busy to answer /v1/self is named by its PKI-ID's first characters.
  const found = await Promise.all(c.members.map((m) => selfId(m.spec.adminUrl)));
  const indexOf = new Map(found.map((id, i) => [id, i]));
  const counts = new Map<string, number>();
  for (const d of deaths) {
    const who = `member ${indexOf.get(d.pkiId) ?? d.pkiId.slice(0, 12)}`;
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  const most = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, NAMED_DEATHS)
    .map(([who, n]) => `${who} ×${n}`);
  const observers = new Set(deaths.map((d) => d.observer)).size;
  return `false deaths: ${deaths.length} dead events since start (${steady} in the steady state) from ${observers} members about ${counts.size} members (most: ${most.join(", ")})`;
}

/** The members' PKI-IDs from /v1/self, asked again (bounded) while a busy member does not answer. */
async function ids(c: ClusterRun, members: readonly Member[]): Promise<string[]> {
  const found: (string | undefined)[] = [];
  const result = await untilEach(
    members.length,
    async (i) => {
      found[i] ??= await selfId((members[i] as Member).spec.adminUrl);
      return found[i] !== undefined;
    },
    c.options,
  );
  if ("missing" in result) {
    const who = result.missing.map((i) => members[i]?.spec.index).join(", ");
    throw new Error(`members ${who} did not say their PKI-ID within ${c.options.timeoutMs} ms`);
  }
  return found as string[];
}

/** SIGKILLs the last member; resolves with the time until every survivor lists it dead. */
async function detection(c: ClusterRun): Promise<number | undefined> {
  const victim = c.members.at(-1) as Member;
  const survivors = c.members.slice(0, -1);
  const [victimId] = await ids(c, [victim]);
  await victim.kill();
  const killedAt = performance.now();
  const result = await untilEach(
    survivors.length,
    async (i) =>
      (await listedIds((survivors[i] as Member).spec.adminUrl, "dead"))?.includes(victimId as string) ??
      false,
    c.options,
  );
  if ("doneAt" in result) return result.doneAt - killedAt;
  c.notes.push(
    `the killed member not listed dead within ${c.options.timeoutMs} ms by members ${result.missing.join(", ")}`,
  );
  return undefined;
}

type LateJoin = Pick<RunRecord, "lateJoinerMs" | "lateJoinerAfterUpMs">;

/** Starts one more member; measures until it sees every survivor and every survivor sees it. */
async function lateJoiner(c: ClusterRun, survivors: readonly Member[]): Promise<LateJoin> {
  const survivorIds = await ids(c, survivors);
  const joiner = c.spawn(c.options.nodes, true);
  c.members.push(joiner);
  let joinerId: string | undefined;
  let upAt = 0;
  // Index 0 is the joiner's own view; index i > 0 is survivor i-1's view of the joiner.
  const result = await untilEach(
    survivors.length + 1,
    async (i) => {
      c.checkAlive([joiner]);
      if (joinerId === undefined) {
        joinerId = await selfId(joiner.spec.adminUrl);
        if (joinerId === undefined) return false;
        upAt = performance.now();
      }
      const viewer = i === 0 ? joiner : (survivors[i - 1] as Member);
      const alive = new Set(await listedIds(viewer.spec.adminUrl, "alive"));
      return i === 0 ? survivorIds.every((id) => alive.has(id)) : alive.has(joinerId);
    },
    c.options,
  );
  if ("doneAt" in result) {
    return { lateJoinerMs: result.doneAt - joiner.spawnedAt, lateJoinerAfterUpMs: result.doneAt - upAt };
  }
  c.notes.push(
    `late joiner: views ${result.missing.join(", ")} incomplete after ${c.options.timeoutMs} ms (0 = the joiner's own)`,
  );
  return {};
}

async function phases(
  c: ClusterRun,
): Promise<Omit<RunRecord, "cli" | "run" | "loadStart" | "loadEnd" | "notes">> {
  const startup = await converge(c);
  const steady = await steadyState(c);
  if (c.options.nodes < 2 || startup.convergeMs === undefined) {
    c.notes.push("detection and late joiner skipped (fewer than 2 members, or not converged)");
    return { ...startup, ...steady };
  }
  const survivors = c.members.slice(0, -1);
  const detectionMs = await detection(c);
  const late = await lateJoiner(c, survivors);
  return { ...startup, ...steady, detectionMs, ...late };
}

export async function runCluster(input: RunInput): Promise<RunRecord> {
  const c = new ClusterRun(input);
  const loadStart = await readLoadAverage();
  try {
    const measured = await phases(c);
    return {
      cli: input.cli.label,
      run: input.run,
      loadStart,
      loadEnd: await readLoadAverage(),
      ...measured,
      notes: c.notes,
    };
  } finally {
    await c.stopAll();
  }
}
