// Reading a member through its admin API: who it lists alive or dead, its own
// PKI-ID, its bootstrap connection, its metrics, and a subscription to its membership events. Every request
// is bounded in time; a member that does not answer yet reads as undefined.
import { performance } from "node:perf_hooks";
import { parsePrometheusText, type Sample } from "./prometheus.js";

/** Longest wait for one admin request (a poll that times out is simply made again). */
const REQUEST_TIMEOUT_MS = 5_000;
/** Longest wait for an event stream to open; on a saturated machine a member can take seconds. */
const STREAM_OPEN_TIMEOUT_MS = 30_000;

interface MembersJson {
  members: { pki_id: string }[];
}

async function getText(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!res.ok) return undefined;
    return await res.text();
  } catch {
    // Not listening yet, gone, or too slow: the caller polls again or reports it.
    return undefined;
  }
}

async function getJson<T>(url: string): Promise<T | undefined> {
  const text = await getText(url);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/** PKI-IDs the member lists in `state`, or undefined if it did not answer. */
export async function listedIds(adminUrl: string, state: "alive" | "dead"): Promise<string[] | undefined> {
  const body = await getJson<MembersJson>(`${adminUrl}/v1/members?state=${state}`);
  return body?.members.map((m) => m.pki_id);
}

export async function selfId(adminUrl: string): Promise<string | undefined> {
  return (await getJson<{ pki_id: string }>(`${adminUrl}/v1/self`))?.pki_id;
}

interface PeersJson {
  peers: { direction: string; bootstrap: boolean; state: string; last_handshake_at?: string }[];
}

/** A bootstrap connection the member has seen acked. */
export interface AckedBootstrap {
  /** Date.now() of its successful handshake, as the member recorded it. */
  readonly handshakeAt: number | undefined;
}

/** The member's first acked bootstrap connection, from /v1/peers; undefined while none is (or no answer). */
export async function ackedBootstrap(adminUrl: string): Promise<AckedBootstrap | undefined> {
  const body = await getJson<PeersJson>(`${adminUrl}/v1/peers`);
  const acked = body?.peers.find((p) => p.bootstrap && p.direction === "outbound" && p.state === "connected");
  if (!acked) return undefined;
  const at = acked.last_handshake_at === undefined ? Number.NaN : Date.parse(acked.last_handshake_at);
  return { handshakeAt: Number.isFinite(at) ? at : undefined };
}

export async function metricSamples(adminUrl: string): Promise<Sample[] | undefined> {
  const text = await getText(`${adminUrl}/metrics`);
  return text === undefined ? undefined : parsePrometheusText(text);
}

/** Most unparsed event-stream text kept while waiting for a frame's end. */
const MAX_PENDING_CHARS = 64 * 1024;

/** One `dead` event a member announced. */
export interface DeathEvent {
  readonly observer: number;
  readonly pkiId: string;
  /** performance.now() when the benchmark read it. */
  readonly at: number;
}

/** Membership `dead` events of one member, collected until close(). */
export interface DeathWatch {
  readonly deaths: readonly DeathEvent[];
  close(): void;
}

/** The PKI-IDs of the `dead` frames in a chunk of an event stream (frames end with a blank line). */
export function deadIdsInFrames(frames: string): string[] {
  const ids: string[] = [];
  for (const frame of frames.split("\n\n")) {
    if (!/^event: dead$/m.test(frame)) continue;
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    if (data !== undefined) ids.push((JSON.parse(data) as { pki_id: string }).pki_id);
  }
  return ids;
}

/** Subscribes to /v1/events; resolves once the stream is open. */
export async function watchDeaths(adminUrl: string, observer: number): Promise<DeathWatch> {
  const abort = new AbortController();
  const deaths: DeathEvent[] = [];
  const opening = setTimeout(() => abort.abort(), STREAM_OPEN_TIMEOUT_MS);
  const res = await fetch(`${adminUrl}/v1/events`, { signal: abort.signal })
    .catch((err: unknown) => {
      throw new Error(`${adminUrl}/v1/events did not open within ${STREAM_OPEN_TIMEOUT_MS} ms`, {
        cause: err,
      });
    })
    .finally(() => clearTimeout(opening));
  if (!res.ok || !res.body) throw new Error(`${adminUrl}/v1/events: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let pending = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        pending += value;
        const end = pending.lastIndexOf("\n\n");
        if (end < 0) {
          // A frame is one short JSON line; this much without a frame end is not an event stream.
          if (pending.length > MAX_PENDING_CHARS) return;
          continue;
        }
        const at = performance.now();
        for (const pkiId of deadIdsInFrames(pending.slice(0, end))) deaths.push({ observer, pkiId, at });
        pending = pending.slice(end + 2);
      }
    } catch {
      // Closed by close() or by the member going away.
    }
  })();
  return { deaths, close: () => abort.abort() };
}
