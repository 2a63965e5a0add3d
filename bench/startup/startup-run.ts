// One run of the start-up benchmark: one member with no peers, measured from its
// spawn until its admin API first answers (start-up), then idle over a window.
// Every wait is bounded; the member is stopped (and killed if need be) before the
// run returns or throws.
import { performance } from "node:perf_hooks";
import { selfId } from "../cluster/admin-client.js";
import { startCommand } from "../cluster/launch.js";
import { type Member, memberSpec, ProcessGroup } from "../cluster/member-process.js";
import type { ProcessBenchOptions } from "../cluster/options.js";
import type { Endpoints } from "../cluster/ports.js";
import {
  type CpuTime,
  type MemoryUse,
  readCpuTime,
  readLoadAverage,
  readMemoryUse,
  readOpenFiles,
  readThreads,
  readThreadsCpuSeconds,
} from "../cluster/proc.js";
import type { RunContext } from "../cluster/runs.js";
import type { RunRow } from "../cluster/tables.js";
import { pause } from "../harness.js";

export interface StartupInput extends RunContext {
  readonly options: ProcessBenchOptions;
  readonly endpoints: Endpoints;
}

/** What one run measured; a field is absent when its phase did not finish. */
export interface StartupRecord extends RunRow {
  /** CPU (user + system) of every thread from spawn until the admin API first answered, to the ns. */
  readonly startupCpuMs?: number;
  /** Wall time from spawn until the admin API first answered. */
  readonly startupWallMs?: number;
  /** CPU over the idle window, in % of one core. */
  readonly idleCpuPercent?: number;
  /** At the end of the window. */
  readonly memory?: MemoryUse;
  readonly threads?: number;
  readonly openFiles?: number;
}

/** How often the admin API is asked while the member starts: the wall-time resolution. */
const ADMIN_POLL_MS = 10;
const STOP_TIMEOUT_MS = 10_000;

const cpuMs = (cpu: CpuTime) => (cpu.userSeconds + cpu.systemSeconds) * 1000;

/** Waits (bounded) for the admin API's first answer; resolves with performance.now() then. */
async function adminUp(member: Member, timeoutMs: number): Promise<number> {
  const deadline = member.spawnedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (member.exitStatus() !== undefined)
      throw new Error(`exited (${member.exitStatus()}); its log ends:\n${member.logTail()}`);
    if ((await selfId(member.spec.adminUrl)) !== undefined) return performance.now();
    await pause(ADMIN_POLL_MS);
  }
  throw new Error(`admin API did not answer within ${timeoutMs} ms`);
}

/** Reads /proc for the member or fails the run: a member that is gone has nothing to measure. */
async function present<T>(read: Promise<T | undefined>): Promise<T> {
  const value = await read;
  if (value === undefined) throw new Error("the member exited during the run");
  return value;
}

async function measure(
  member: Member,
  options: ProcessBenchOptions,
): Promise<Omit<StartupRecord, keyof RunRow>> {
  const upAt = await adminUp(member, options.timeoutMs);
  const startupCpuSeconds = await present(readThreadsCpuSeconds(member.pid));
  await pause(options.settleMs);
  const before = { at: performance.now(), cpu: await present(readCpuTime(member.pid)) };
  await pause(options.windowMs);
  const after = { at: performance.now(), cpu: await present(readCpuTime(member.pid)) };
  const [memory, threads, openFiles] = await Promise.all([
    present(readMemoryUse(member.pid)),
    present(readThreads(member.pid)),
    present(readOpenFiles(member.pid)),
  ]);
  return {
    startupCpuMs: startupCpuSeconds * 1000,
    startupWallMs: upAt - member.spawnedAt,
    idleCpuPercent: ((cpuMs(after.cpu) - cpuMs(before.cpu)) / (after.at - before.at)) * 100,
    memory,
    threads,
    openFiles,
  };
}

export async function runStartup(input: StartupInput): Promise<StartupRecord> {
  const { options, cli, material, mspId, endpoints, workDir } = input;
  const peer = material.peers[0];
  if (!peer) throw new Error("no identity for the member");
  const loadStart = await readLoadAverage();
  const group = new ProcessGroup();
  const member = group.spawn(
    memberSpec({ index: 0, mspId, mspDir: peer.mspDir, own: endpoints, options, workDir }, startCommand(cli)),
  );
  try {
    const measured = await measure(member, options);
    return {
      cli: cli.label,
      run: input.run,
      loadStart,
      loadEnd: await readLoadAverage(),
      ...measured,
      notes: [],
    };
  } finally {
    await member.stop(STOP_TIMEOUT_MS);
    group.dispose();
  }
}
