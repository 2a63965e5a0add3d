// Parsers for the value forms Fabric's configuration uses: Go durations, host:port
// endpoints, viper-style booleans and lists, and FABRIC_LOGGING_SPEC. Each throws
// InvalidValueError naming the accepted form; the loader adds the variable name.
import { type HostPort, HostPortError, parseHostPort } from "../util/host-port.js";

/** A value did not have the expected form; `expected` completes "expected ...". */
export class InvalidValueError extends Error {
  readonly expected: string;
  readonly hint?: string;

  constructor(expected: string, hint?: string) {
    super(hint === undefined ? `expected ${expected}` : `expected ${expected} (${hint})`);
    this.name = "InvalidValueError";
    this.expected = expected;
    if (hint !== undefined) this.hint = hint;
  }
}

export const DURATION_FORM = "a duration such as 500ms, 5s or 2m";

// Node timers overflow (and fire at once) past 2^31-1 ms, about 24.8 days.
const MAX_TIMER_MS = 2 ** 31 - 1;

// The micro signs are written as escapes: one non-ASCII character makes Node 24 hold the whole
// chunk's source at two bytes a character (README, "How the CLI is built and launched").
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "\u00b5s": 1e-3, // micro sign, as Go writes it
  "\u03bcs": 1e-3, // Greek mu, which Go also accepts
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};
// Longer units first so "ms" is not read as "m" followed by "s".
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|h|m|s)/y;

/**
 * Parses a Go duration ("500ms", "5s", "1m30s", "1.5s", "1h") into whole milliseconds.
 * A bare number is refused: Go would read it as nanoseconds and Fabric operators mean seconds.
 */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
    throw new InvalidValueError(DURATION_FORM, "a bare number has no unit; write 5s, not 5");
  }
  if (s.startsWith("-")) throw new InvalidValueError(`a positive ${DURATION_FORM.slice(2)}`);
  let total = 0;
  let at = s.startsWith("+") ? 1 : 0;
  if (at === s.length) throw new InvalidValueError(DURATION_FORM);
  while (at < s.length) {
    DURATION_PART.lastIndex = at;
    const m = DURATION_PART.exec(s);
    if (m === null) throw new InvalidValueError(DURATION_FORM);
    const [whole, amount, unit] = m as unknown as [string, string, string];
    total += Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
    at += whole.length;
  }
  const ms = Math.round(total);
  if (ms < 1) throw new InvalidValueError(`a positive ${DURATION_FORM.slice(2)}`, "at least 1ms");
  if (ms > MAX_TIMER_MS) {
    throw new InvalidValueError(
      `a positive ${DURATION_FORM.slice(2)}`,
      "at most 596h: Node timers cannot wait longer",
    );
  }
  return ms;
}

/** Writes milliseconds the way an operator would type them: 500ms, 1.5s, 1m30s, 2h. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  let out = "";
  if (h > 0) out += `${h}h`;
  if (m > 0) out += `${m}m`;
  if (sMs > 0) out += `${sMs / 1_000}s`;
  return out;
}

/** A non-negative decimal integer within [min, max]. */
export function parseInteger(text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const expected =
    max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  const s = text.trim();
  if (!/^\d+$/.test(s)) throw new InvalidValueError(expected);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidValueError(expected);
  return n;
}

export const BOOLEAN_FORM = "true or false (1 or 0 also accepted)";

/** true|false|1|0, case-insensitive. */
export function parseBoolean(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  throw new InvalidValueError(BOOLEAN_FORM);
}

/** Splits a space- and/or comma-separated list, dropping empty items. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((item) => item !== "");
}

export function hostPortForm(allowPortZero: boolean): string {
  const ports = allowPortZero ? "0-65535, 0 = any free port" : "1-65535";
  return `host:port (host a name, IPv4 or [IPv6] address; port ${ports})`;
}

/** Checks "host:port" with the shared parser; a bad address is an InvalidValueError naming the form. */
export function parseAddress(text: string, options: { allowPortZero?: boolean } = {}): HostPort {
  try {
    return parseHostPort(text, options);
  } catch (err) {
    if (!(err instanceof HostPortError)) throw err;
    throw new InvalidValueError(hostPortForm(options.allowPortZero ?? false), err.hint);
  }
}

const TRUSTED_MSPS_FORM =
  "a comma-separated list of MSPID=directory, e.g. Org2MSP=/msp/org2,Org3MSP=/msp/org3";

/** Reads "Org2MSP=/path/a,Org3MSP=/path/b". Paths may contain spaces, so only commas separate entries. */
export function parseTrustedMsps(text: string): Array<{ mspId: string; dir: string }> {
  const out: Array<{ mspId: string; dir: string }> = [];
  for (const raw of text.split(/[,\n]/)) {
    const entry = raw.trim();
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    const mspId = eq < 0 ? "" : entry.slice(0, eq).trim();
    const dir = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (mspId === "" || dir === "" || /\s/.test(mspId)) {
      throw new InvalidValueError(TRUSTED_MSPS_FORM, `${JSON.stringify(entry)} is not MSPID=directory`);
    }
    if (out.some((t) => t.mspId === mspId)) {
      throw new InvalidValueError(TRUSTED_MSPS_FORM, `${mspId} is listed twice`);
    }
    out.push({ mspId, dir });
  }
  return out;
}
