// What Linux's /proc says about a process and the machine: CPU time from
// /proc/PID/stat, resident memory from /proc/PID/status, load from /proc/loadavg.
// The parsers are pure (they take the file's text); the readers return undefined
// once the process is gone.
import { readFile } from "node:fs/promises";

/** Clock ticks per second in /proc/PID/stat (USER_HZ: 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

/** CPU seconds a process has used, user and system, all its threads included. */
export interface CpuTime {
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

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

/** Parses the VmRSS line of /proc/PID/status into bytes. */
export function parseRssBytes(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  if (!match) throw new Error("/proc/PID/status: no VmRSS line");
  return Number(match[1]) * 1024;
}

/** The 1, 5 and 15 minute load averages of /proc/loadavg. */
export function parseLoadAverage(text: string): [number, number, number] {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((v) => Number.isFinite(v)))
    throw new Error("/proc/loadavg: expected three numbers");
  return [one as number, five as number, fifteen as number];
}

async function readIfRunning(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ESRCH")
      return undefined;
    throw err;
  }
}

export async function readCpuTime(pid: number): Promise<CpuTime | undefined> {
  const text = await readIfRunning(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseProcStat(text);
}

export async function readRssBytes(pid: number): Promise<number | undefined> {
  const text = await readIfRunning(`/proc/${pid}/status`);
  return text === undefined ? undefined : parseRssBytes(text);
}

export async function readLoadAverage(): Promise<[number, number, number]> {
  return parseLoadAverage(await readFile("/proc/loadavg", "utf8"));
}
