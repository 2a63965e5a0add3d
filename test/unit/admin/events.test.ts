import { type ClientRequest, get, type IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EVENT_STREAM_DEFAULTS, formatEvent } from "../../../src/admin/events.js";
import { apiErrorSchema, membershipEventSchema } from "../../../src/admin/schemas.js";
import { fakePkiId } from "../../support/fake-node-view.js";
import { assertMatches, type Harness, startHarness } from "./admin-test-kit.js";

interface SseFrame {
  event?: string;
  data?: string;
  comment?: string;
}

/** A raw SSE client: everything received so far, parsed into frames. */
class SseClient {
  text = "";
  closed = false;
  private constructor(
    readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      this.text += chunk;
    });
    response.on("close", () => {
      this.closed = true;
    });
  }

  static open(url: string): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = get(`${url}/v1/events`, (response) => resolve(new SseClient(request, response)));
      request.on("error", reject);
    });
  }

  get frames(): SseFrame[] {
    return this.text
      .split("\n\n")
      .filter((block) => block !== "")
      .map((block) => {
        const frame: SseFrame = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) frame.comment = line.slice(1).trim();
          else if (line.startsWith("event: ")) frame.event = line.slice(7);
          else if (line.startsWith("data: ")) frame.data = line.slice(6);
        }
        return frame;
      });
  }

  get events(): { event: string; data: unknown }[] {
    return this.frames
      .filter((f) => f.event !== undefined)
      .map((f) => ({ event: f.event ?? "", data: JSON.parse(f.data ?? "null") }));
  }

  close(): void {
    this.request.destroy();
  }
}

const within = { timeout: 5_000, interval: 10 };

describe("GET /v1/events", () => {
  let h: Harness | undefined;
  const clients: SseClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await h?.server.close();
    h = undefined;
  });

  async function connect(harness: Harness): Promise<SseClient> {
    const client = await SseClient.open(harness.url);
    clients.push(client);
    return client;
  }

  it("streams membership changes as text/event-stream, one named event per change", async () => {
    h = await startHarness();
    const client = await connect(h);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(client.response.headers["cache-control"]).toMatch(/no-cache/);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);

    const node = h.node;
    const at = Date.UTC(2024, 0, 1, 12, 0, 0);
    for (const kind of ["joined", "updated", "dead", "resurrected", "purged"] as const) {
      node.emit({ kind, pkiId: fakePkiId(7), endpoint: "peer7.org1:7051", flaps: 0, at });
    }
    await vi.waitFor(() => expect(client.events).toHaveLength(5), within);

    expect(client.events.map((e) => e.event)).toEqual(["joined", "updated", "dead", "resurrected", "purged"]);
    for (const { event, data } of client.events) {
      assertMatches(membershipEventSchema, data);
      expect(data).toEqual({
        kind: event,
        pki_id: fakePkiId(7),
        endpoint: "peer7.org1:7051",
        flaps: 0,
        at: "2024-01-01T12:00:00.000Z",
      });
    }
  });

  it("carries the member's internal endpoint and MSP ID when the node knows them", async () => {
    h = await startHarness();
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    const at = Date.UTC(2024, 0, 1, 12, 0, 0);
    h.node.emit({
      kind: "joined",
      pkiId: fakePkiId(7),
      endpoint: "",
      internalEndpoint: "p7:7051",
      mspId: "Org1MSP",
      flaps: 2,
      at,
    });
    await vi.waitFor(() => expect(client.events).toHaveLength(1), within);
    const data = client.events[0]?.data;
    assertMatches(membershipEventSchema, data);
    expect(data).toEqual({
      kind: "joined",
      pki_id: fakePkiId(7),
      endpoint: "",
      internal_endpoint: "p7:7051",
      msp_id: "Org1MSP",
      flaps: 2,
      at: "2024-01-01T12:00:00.000Z",
    });
  });

  it("formats each event as `event: <kind>` and one `data:` line of JSON", () => {
    const frame = formatEvent({ kind: "dead", pkiId: "ab", endpoint: "p:1", flaps: 1, at: 0 });
    expect(frame).toBe(
      'event: dead\ndata: {"kind":"dead","pki_id":"ab","endpoint":"p:1","flaps":1,"at":"1970-01-01T00:00:00.000Z"}\n\n',
    );
  });

  it("sends every client every event", async () => {
    h = await startHarness();
    const [a, b] = [await connect(h), await connect(h)];
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(2), within);
    h.node.emit({ kind: "joined" });
    await vi.waitFor(() => {
      expect(a?.events).toHaveLength(1);
      expect(b?.events).toHaveLength(1);
    }, within);
  });

  it("sends a heartbeat comment while nothing happens", async () => {
    h = await startHarness({ events: { heartbeatIntervalMs: 20 } });
    const client = await connect(h);
    await vi.waitFor(() => expect(client.frames.some((f) => f.comment === "heartbeat")).toBe(true), within);
    expect(client.events).toEqual([]);
  });

  it("unsubscribes from the node when the client goes away", async () => {
    h = await startHarness();
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    client.close();
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(0), within);
    // Events after the client left go nowhere and break nothing.
    expect(() => h?.node.emit({ kind: "joined" })).not.toThrow();
    expect(h.node.subscriberCount).toBe(0);
    expect(h.lines.filter((l) => l.level >= 40)).toEqual([]);
    // ...and the slot it held is free for the next client, who sees only what comes next.
    const next = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    h.node.emit({ kind: "dead" });
    await vi.waitFor(() => expect(next.events.map((e) => e.event)).toEqual(["dead"]), within);
  });

  // Large frames fill the sockets' kernel buffers quickly, so the server's own buffer grows.
  const bigEndpoint = `${"x".repeat(16 * 1024)}:7051`;

  it("drops a client whose buffer stays above the bound, judged over time", async () => {
    h = await startHarness({
      events: { maxBufferedBytes: 64 * 1024, slowReaderTimeoutMs: 200, maxBurstBytes: 256 * 1024 * 1024 },
    });
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    client.response.pause();

    // A few frames at a time with the event loop free in between, as a live node emits:
    // the stalled client never drains, so the slow-reader timer, not a burst, drops it.
    const deadline = Date.now() + 20_000;
    while (h.node.subscriberCount > 0 && Date.now() < deadline) {
      for (let i = 0; i < 8; i++) h.node.emit({ kind: "updated", endpoint: bigEndpoint });
      await sleep(5);
    }
    expect(h.node.subscriberCount).toBe(0);
    client.response.resume();
    await vi.waitFor(() => expect(client.closed).toBe(true), within);
    const warning = h.lines.find((l) => l.level === 40 && /stopped reading/.test(l.msg));
    expect(warning?.why).toMatch(/for 200 ms/);

    // The server still serves others.
    const other = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    h.node.emit({ kind: "joined" });
    await vi.waitFor(() => expect(other.events).toHaveLength(1), within);
  }, 30_000);

  it("keeps a reading client through a synchronous burst far larger than the bound", async () => {
    h = await startHarness({
      events: { maxBufferedBytes: 64 * 1024, slowReaderTimeoutMs: 5_000, maxBurstBytes: 256 * 1024 * 1024 },
    });
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    await vi.waitFor(() => expect(client.frames.some((f) => f.comment === "membership events")).toBe(true));
    const before = client.text.length;

    // 32 MiB in one tick: more than the kernel's socket buffers hold, so most of it waits in the
    // server's buffer, far above maxBufferedBytes, until this (reading) client catches up.
    const count = 2048;
    const event = { kind: "updated" as const, endpoint: bigEndpoint, flaps: 0, at: 0 };
    for (let i = 0; i < count; i++) h.node.emit(event);
    expect(h.node.subscriberCount).toBe(1);

    const expected = before + count * formatEvent({ ...event, pkiId: fakePkiId(1) }).length;
    await vi.waitFor(() => expect(client.text.length).toBe(expected), { timeout: 20_000, interval: 50 });
    expect(client.events).toHaveLength(count);
    expect(client.closed).toBe(false);
    expect(h.node.subscriberCount).toBe(1);
    expect(h.lines.some((l) => /stopped reading/.test(l.msg))).toBe(false);
  }, 30_000);

  it("drops a client at once when a burst passes maxBurstBytes", async () => {
    h = await startHarness({ events: { maxBufferedBytes: 16 * 1024, maxBurstBytes: 64 * 1024 } });
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    client.response.pause();
    let sent = 0;
    while (h.node.subscriberCount > 0 && sent < 4_096) {
      h.node.emit({ kind: "updated", endpoint: bigEndpoint });
      sent++;
    }
    // Dropped within the same tick: memory never grew much past the burst bound.
    expect(h.node.subscriberCount).toBe(0);
    const warning = h.lines.find((l) => l.level === 40 && /stopped reading/.test(l.msg));
    expect(warning?.why).toMatch(/more than 65536 bytes unread$/);
    client.response.resume();
    await vi.waitFor(() => expect(client.closed).toBe(true), within);
  });

  it("refuses clients beyond maxSubscribers with 503, Retry-After and the error shape", async () => {
    h = await startHarness({ events: { maxSubscribers: 2 } });
    const [a] = [await connect(h), await connect(h)];
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(2), within);

    const refused = await fetch(`${h.url}/v1/events`);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { message: string };
    assertMatches(apiErrorSchema, body);
    expect(body.message).toMatch(/At most 2 event stream clients/);
    expect(h.node.subscriberCount).toBe(2);

    // A slot freed is a slot available.
    a?.close();
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    const c = await connect(h);
    expect(c.response.statusCode).toBe(200);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(2), within);
  });

  it("caps subscribers at 32 by default", () => {
    expect(EVENT_STREAM_DEFAULTS.maxSubscribers).toBe(32);
  });

  it("offers no HEAD, which would hold a subscription that can carry nothing", async () => {
    h = await startHarness();
    const res = await fetch(`${h.url}/v1/events`, { method: "HEAD" });
    expect(res.status).toBe(404);
    expect(h.node.subscriberCount).toBe(0);
  });

  it("ends open streams when the server closes, so close() does not hang", async () => {
    h = await startHarness();
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    await h.server.close();
    h = undefined;
    await vi.waitFor(() => expect(client.closed).toBe(true), within);
  });
});
