// `fabric-gossip-node members`: the membership view of a running node, read from
// its admin API (GET /v1/members), as a table (as `consul members` prints) or JSON.
import type { LoadedConfig } from "../config/load-config.js";
import { formatHostPort, isUnspecifiedHost, parseHostPort } from "../util/host-port.js";
import { UnreachableError, UsageError } from "./errors.js";

interface MembersFlags {
  admin?: string;
  json?: boolean;
  state?: string;
  token?: string;
}

/** How long the admin API may take to answer before the command gives up. */
const REQUEST_TIMEOUT_MS = 5_000;
const PKI_ID_SHOWN = 12;
const STATES = ["alive", "dead"];

/** The fields of a /v1/members entry this command shows; anything else is ignored. */
interface MemberRow {
  pki_id?: unknown;
  msp_id?: unknown;
  endpoint?: unknown;
  internal_endpoint?: unknown;
  state?: unknown;
  state_since?: unknown;
  flaps?: unknown;
}

export async function runMembers(
  flags: MembersFlags,
  print: (line: string) => void,
  loadConfig: () => LoadedConfig,
): Promise<void> {
  if (flags.state !== undefined && !STATES.includes(flags.state)) {
    throw new UsageError(`members: --state expects alive or dead, got "${flags.state}"`);
  }
  const target = flags.admin === undefined ? adminFromConfig(loadConfig()) : adminFromFlag(flags.admin);
  const token = flags.token ?? target.token;
  const url = new URL("/v1/members", target.base);
  if (flags.state !== undefined) url.searchParams.set("state", flags.state);
  const body = await getJson(url, token);
  const members = (body as { members?: unknown }).members;
  if (!Array.isArray(members)) throw new UnreachableError(`${url}: the answer has no members list`);
  if (flags.json) {
    print(JSON.stringify(body, null, 2));
    return;
  }
  for (const line of membersTable(members as MemberRow[], Date.now())) print(line);
}

interface AdminTarget {
  base: string;
  token?: string;
}

/** The admin server `start` would run with the same configuration, dialled on loopback. */
function adminFromConfig(loaded: LoadedConfig): AdminTarget {
  const ops = loaded.config.operations;
  const { host, port } = parseHostPort(ops.listenAddress, { allowPortZero: true });
  const dialHost = isUnspecifiedHost(host) ? (host.includes(":") ? "::1" : "127.0.0.1") : host;
  const scheme = ops.tls.enabled ? "https" : "http";
  return {
    base: `${scheme}://${formatHostPort({ host: dialHost, port })}`,
    ...(ops.adminToken === undefined ? {} : { token: ops.adminToken }),
  };
}

/** --admin URL, or host:port meaning http://host:port. */
function adminFromFlag(admin: string): AdminTarget {
  const text = admin.includes("://") ? admin : `http://${admin}`;
  try {
    return { base: new URL(text).toString() };
  } catch {
    throw new UsageError(`members: --admin expects a URL such as http://127.0.0.1:9443, got "${admin}"`);
  }
}

async function getJson(url: URL, token: string | undefined): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new UnreachableError(`cannot reach the admin API at ${url.origin}: ${fetchFailure(err)}`, {
      cause: err,
    });
  }
  const text = await res.text();
  if (!res.ok) {
    const message = (safeJson(text) as { message?: unknown } | undefined)?.message;
    const why = typeof message === "string" ? `: ${message}` : "";
    throw new UnreachableError(`${url} answered HTTP ${res.status}${why}`);
  }
  const body = safeJson(text);
  if (body === undefined || typeof body !== "object")
    throw new UnreachableError(`${url} did not answer JSON`);
  return body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** "connection refused (ECONNREFUSED)" from fetch's nested cause. */
function fetchFailure(err: unknown): string {
  if ((err as Error)?.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  if (code === "ECONNREFUSED") return "connection refused, is the node running? (ECONNREFUSED)";
  if (typeof cause?.message === "string") return cause.message;
  return code ?? (err as Error)?.message ?? String(err);
}

/** Aligned columns; FLAPS only when the node reports it. */
function membersTable(members: MemberRow[], now: number): string[] {
  const withFlaps = members.some((m) => typeof m.flaps === "number");
  const header = ["PKI-ID", "MSP", "ENDPOINT", "INTERNAL ENDPOINT", "STATE", "SINCE"];
  const rows = members.map((m) => {
    const row = [
      shown(m.pki_id).slice(0, PKI_ID_SHOWN),
      shown(m.msp_id),
      shown(m.endpoint),
      shown(m.internal_endpoint),
      shown(m.state),
      age(m.state_since, now),
    ];
    return withFlaps ? [...row, shown(m.flaps)] : row;
  });
  const table = [withFlaps ? [...header, "FLAPS"] : header, ...rows];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length))) ?? [];
  return table.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function shown(value: unknown): string {
  if (typeof value === "string" && value !== "") return value.replace(/[^\x20-\x7e]/g, "?");
  if (typeof value === "number") return String(value);
  return "-";
}

/** "3m12s ago" for an ISO time. */
function age(value: unknown, now: number): string {
  const at = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return "-";
  const s = Math.max(0, Math.round((now - at) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const text = h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m${s % 60}s` : `${s}s`;
  return `${text} ago`;
}
