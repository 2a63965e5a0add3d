// Parsers for the value forms Fabric's configuration uses: Go durations, host:port
// endpoints, viper-style booleans and lists, and FABRIC_LOGGING_SPEC. Each throws
// InvalidValueError naming the accepted form; the loader adds the variable name.
import { isIPv4, isIPv6 } from "node:net";

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

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign, as Go writes it
  μs: 1e-3, // U+03BC Greek mu, which Go also accepts
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};
// Longer units first so "ms" is not read as "m" followed by "s".
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|h|m|s)/y;

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

export interface HostPort {
  /** As written, IPv6 without brackets. */
  host: string;
  port: number;
}

const HOST_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

export function hostPortForm(allowPortZero: boolean): string {
  const ports = allowPortZero ? "0-65535, 0 = any free port" : "1-65535";
  return `host:port (host a name, IPv4 or [IPv6] address; port ${ports})`;
}

/** Parses "host:port" where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
export function parseHostPort(text: string, options: { allowPortZero?: boolean } = {}): HostPort {
  const allowPortZero = options.allowPortZero ?? false;
  const expected = hostPortForm(allowPortZero);
  const s = text.trim();
  let host: string;
  let portText: string;
  if (s.startsWith("[")) {
    const close = s.indexOf("]");
    if (close < 0 || s[close + 1] !== ":") throw new InvalidValueError(expected);
    host = s.slice(1, close);
    portText = s.slice(close + 2);
    if (!isIPv6(host))
      throw new InvalidValueError(expected, `${JSON.stringify(host)} is not an IPv6 address`);
  } else {
    const colon = s.lastIndexOf(":");
    if (colon < 0) throw new InvalidValueError(expected, "no port");
    host = s.slice(0, colon);
    portText = s.slice(colon + 1);
    if (host.includes(":"))
      throw new InvalidValueError(expected, "write an IPv6 address in brackets, [::1]:7051");
    if (!isHostName(host))
      throw new InvalidValueError(expected, `${JSON.stringify(host)} is not a host name or address`);
  }
  if (!/^\d{1,5}$/.test(portText)) throw new InvalidValueError(expected, "no port");
  const port = Number(portText);
  if (port > 65_535 || (port === 0 && !allowPortZero)) {
    throw new InvalidValueError(expected, `port ${port} is out of range`);
  }
  return { host, port };
}

function isHostName(host: string): boolean {
  if (host === "" || host.length > 253) return false;
  // Anything made of digits and dots must be a real IPv4 address, not a name.
  if (/^[\d.]+$/.test(host)) return isIPv4(host);
  return host.split(".").every((label) => HOST_LABEL.test(label));
}

/** True for 0.0.0.0 and ::, addresses one can listen on but nobody can dial. */
export function isUnspecifiedHost(host: string): boolean {
  return host === "0.0.0.0" || (isIPv6(host) && /^[0:]+$/.test(host));
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
