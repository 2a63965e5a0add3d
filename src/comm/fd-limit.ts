// How many inbound gossip connections the process can afford: each is a file
// descriptor, and when they run out neither gossip nor the admin server (probes,
// /metrics) can accept anything. Linux says the soft limit in /proc/self/limits.
import { readFileSync } from "node:fs";

/** Without a readable limit (not Linux): the common default soft limit. */
const ASSUMED_OPEN_FILES_LIMIT = 1024;
/** Kept free for the admin server, outbound dials, files and the runtime itself. */
const RESERVED_FRACTION = 0.25;
const MIN_RESERVED = 64;

/** The soft "Max open files" limit of this process, or undefined when it cannot be read or is unlimited. */
export function openFilesSoftLimit(limitsText: string | undefined): number | undefined {
  const line = limitsText?.split("\n").find((l) => l.startsWith("Max open files"));
  const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
  const value = Number(soft);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Inbound connections allowed: the file-descriptor limit less a reserve, at least 1. */
export function inboundConnectionBudget(openFilesLimit: number | undefined): number {
  const limit = openFilesLimit ?? ASSUMED_OPEN_FILES_LIMIT;
  const reserved = Math.max(MIN_RESERVED, Math.ceil(limit * RESERVED_FRACTION));
  return Math.max(1, limit - reserved);
}

/** This process's budget, from its own limits. */
export function processInboundConnectionBudget(): number {
  return inboundConnectionBudget(openFilesSoftLimit(readProcLimits()));
}

function readProcLimits(): string | undefined {
  try {
    return readFileSync("/proc/self/limits", "utf8");
  } catch {
    return undefined;
  }
}
