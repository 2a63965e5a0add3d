// FABRIC_LOGGING_FORMAT: pino's JSON lines for machines, or Fabric's console
// layout for people, one line per record with the same field names as JSON:
//   2026-01-01 12:00:00.000 UTC 0001 INFO [gossip.discovery] message key=value
// (time, sequence number in hex, level cut to four letters as Fabric does, module).
import type { DestinationStream } from "pino";

export const LOG_FORMATS = ["json", "console"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Fields the layout itself shows; every other field follows the message as key=value. */
const LAYOUT_FIELDS = new Set(["time", "level", "module", "msg"]);

function consoleValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

function consoleTime(time: unknown): string {
  const date = new Date(typeof time === "string" || typeof time === "number" ? time : Date.now());
  return `${date.toISOString().replace("T", " ").replace("Z", "")} UTC`;
}

/** One JSON record as a console line; an error's stack follows on its own lines. */
export function formatConsoleLine(record: Record<string, unknown>, sequence: number): string {
  const level = String(record.level ?? "")
    .toUpperCase()
    .slice(0, 4);
  const head = [consoleTime(record.time), sequence.toString(16).padStart(4, "0"), level];
  if (typeof record.module === "string") head.push(`[${record.module}]`);
  const fields: string[] = [];
  let stack: string | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (LAYOUT_FIELDS.has(key)) continue;
    const error = key === "err" && typeof value === "object" && value !== null ? (value as Error) : undefined;
    if (error?.message !== undefined) {
      fields.push(`err=${consoleValue(error.message)}`);
      stack = error.stack;
    } else fields.push(`${key}=${consoleValue(value)}`);
  }
  const line = [...head, String(record.msg ?? ""), ...fields].join(" ");
  return stack === undefined ? line : `${line}\n${stack}`;
}

/** A pino destination that writes console lines to `out`, numbering records from 1. */
export function consoleDestination(out: { write(text: string): unknown }): DestinationStream {
  let sequence = 0;
  return {
    write(line: string) {
      sequence += 1;
      out.write(`${formatConsoleLine(JSON.parse(line) as Record<string, unknown>, sequence)}\n`);
    },
  };
}
