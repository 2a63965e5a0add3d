// What Linux's /proc says about a process and the machine: CPU time from
// /proc/PID/stat (or each thread's schedstat), memory from /proc/PID/smaps_rollup, threads from
// /proc/PID/status, open files from /proc/PID/fd, load from /proc/loadavg.
// The parsers are pure (they take the file's text); the readers return undefined
// once the process is gone.
import { readdir, readFile } from "node:fs/promises";

/** Clock ticks per second in /proc/PID/stat (USER_HZ: 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

/** CPU seconds a process has used, user and system, all its threads included. */
export interface CpuTime {
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

export const cpuSeconds = (cpu: CpuTime): number => cpu.userSeconds + cpu.systemSeconds;

/**
 * Parses /proc/PID/stat. The second field (the command name) is in parentheses and may hold
 * spaces or parentheses itself, so fields are counted after the last ")": utime and stime are
 * fields 14 and 15 of the line, in clock ticks.
 */
export function parseProcStat(text: string): CpuTime {
  const close = text.lastIndexOf(")");
  if (close < 0) throw new Error("/proc/PID/stat: no command name in parentheses");
  // fields[0] is field 3 (state).
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const ticks = (field: number) => {
    const value = Number(fields[field - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc/PID/stat: field ${field} is not a number`);
    return value;
  };
  return { userSeconds: ticks(14) / USER_HZ, systemSeconds: ticks(15) / USER_HZ };
}

/** Parses /proc/PID/task/TID/schedstat: its first field is the thread's CPU time, in nanoseconds. */
export function parseSchedstatSeconds(text: string): number {
  const ns = /^\d+/.exec(text)?.[0];
  if (ns === undefined) throw new Error("/proc/PID/task/TID/schedstat: no CPU time");
  return Number(ns) / 1e9;
}

/**
 * A process's CPU seconds over the threads it has now, each to the nanosecond
 * (/proc/PID/task/TID/schedstat): /proc/PID/stat counts in 10 ms ticks, too coarse for a
 * start-up of ~250 ms. A thread that has exited is not counted; Node's threads live as long as
 * the process, so this is for the span from spawn, and readCpuTime for windows.
 */
export async function readThreadsCpuSeconds(pid: number): Promise<number | undefined> {
  const tasks = await ifRunning(() => readdir(`/proc/${pid}/task`));
  if (tasks === undefined) return undefined;
  const seconds = await Promise.all(
    tasks.map(async (tid) => {
      const text = await readIfRunning(`/proc/${pid}/task/${tid}/schedstat`);
      return text === undefined ? 0 : parseSchedstatSeconds(text);
    }),
  );
  return seconds.reduce((sum, s) => sum + s, 0);
}

/**
 * A process's resident memory, in bytes. RSS counts every resident page, so the node binary's
 * file-backed pages (tens of MB, shared by every node process) are counted in each; PSS divides
 * each shared page among the processes mapping it (any process on the machine, not only the
 * benchmark's), so the PSS of N members adds up to what they occupy together.
 */
export interface MemoryUse {
  readonly rssBytes: number;
  readonly pssBytes: number;
  /** Anonymous pages (heaps, stacks, buffers): what the process itself allocated, shared or not. */
  readonly anonymousBytes: number;
  /** File-backed and shared-memory pages (the node binary's code and data, mostly): RSS less anonymous. */
  readonly fileBytes: number;
}

/** Parses /proc/PID/smaps_rollup ("Pss:   1234 kB" lines). */
export function parseSmapsRollup(text: string): MemoryUse {
  const kB = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(text);
    if (!match) throw new Error(`/proc/PID/smaps_rollup: no ${field} line`);
    return Number(match[1]) * 1024;
  };
  const rssBytes = kB("Rss");
  const anonymousBytes = kB("Anonymous");
  return { rssBytes, pssBytes: kB("Pss"), anonymousBytes, fileBytes: rssBytes - anonymousBytes };
}

/** The Threads line of /proc/PID/status. */
export function parseThreads(text: string): number {
  const match = /^Threads:\s+(\d+)$/m.exec(text);
  if (!match) throw new Error("/proc/PID/status: no Threads line");
  return Number(match[1]);
}

/** The soft "Max open files" limit of /proc/PID/limits; undefined when unlimited. */
export function parseOpenFilesLimit(text: string): number | undefined {
  const match = /^Max open files\s+(\S+)\s+(\S+)\s+files\s*$/m.exec(text);
  if (!match) throw new Error("/proc/PID/limits: no Max open files line");
  return match[1] === "unlimited" ? undefined : Number(match[1]);
}

/** The 1, 5 and 15 minute load averages of /proc/loadavg. */
export function parseLoadAverage(text: string): [number, number, number] {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((v) => Number.isFinite(v)))
    throw new Error("/proc/loadavg: expected three numbers");
  return [one as number, five as number, fifteen as number];
}

/** What `read` returns, or undefined once the process is gone. */
async function ifRunning<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ESRCH")
      return undefined;
    throw err;
  }
}

const readIfRunning = (path: string) => ifRunning(() => readFile(path, "utf8"));

export async function readCpuTime(pid: number): Promise<CpuTime | undefined> {
  const text = await readIfRunning(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseProcStat(text);
}

export async function readMemoryUse(pid: number): Promise<MemoryUse | undefined> {
  const text = await readIfRunning(`/proc/${pid}/smaps_rollup`);
  return text === undefined ? undefined : parseSmapsRollup(text);
}

export async function readThreads(pid: number): Promise<number | undefined> {
  const text = await readIfRunning(`/proc/${pid}/status`);
  return text === undefined ? undefined : parseThreads(text);
}

export async function readOpenFiles(pid: number): Promise<number | undefined> {
  return (await ifRunning(() => readdir(`/proc/${pid}/fd`)))?.length;
}

export async function readOpenFilesLimit(): Promise<number | undefined> {
  return parseOpenFilesLimit(await readFile("/proc/self/limits", "utf8"));
}

export async function readLoadAverage(): Promise<[number, number, number]> {
  return parseLoadAverage(await readFile("/proc/loadavg", "utf8"));
}
