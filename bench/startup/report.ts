// The start-up benchmark's report: the figure tables (bench/cluster/tables.ts)
// over the figures below, then every note.
import {
  type Figure,
  figureTables,
  fixed,
  megabytes,
  noteLines,
  seconds,
  summarise,
} from "../cluster/tables.js";
import type { StartupRecord } from "./startup-run.js";

const FIGURES: readonly Figure<StartupRecord>[] = [
  { key: "startupCpuMs", title: "start-up CPU", read: (r) => r.startupCpuMs, format: fixed(0, " ms") },
  { key: "startupWallMs", title: "start-up wall time", read: (r) => r.startupWallMs, format: seconds },
  { key: "idleCpuPercent", title: "idle CPU %", read: (r) => r.idleCpuPercent, format: fixed(3, " %") },
  megabytes("rssMB", "RSS", (r) => r.memory?.rssBytes),
  megabytes("pssMB", "PSS", (r) => r.memory?.pssBytes),
  megabytes("anonymousMB", "anonymous", (r) => r.memory?.anonymousBytes),
  megabytes("fileMB", "file-backed", (r) => r.memory?.fileBytes),
  { key: "threads", title: "threads", read: (r) => r.threads, format: fixed(0) },
  { key: "openFiles", title: "open files", read: (r) => r.openFiles, format: fixed(0) },
];

export function startupReport(records: readonly StartupRecord[], labels: readonly string[]): string {
  return [...figureTables(records, labels, FIGURES), ...noteLines(records)].join("\n");
}

/** min / median / max per CLI of every figure, for the JSON. */
export const startupSummary = (records: readonly StartupRecord[], labels: readonly string[]) =>
  summarise(records, labels, FIGURES);
