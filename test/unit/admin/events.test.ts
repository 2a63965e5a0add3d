import { type ClientRequest, get, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatEvent } from "../../../src/admin/events.js";
import { membershipEventSchema } from "../../../src/admin/schemas.js";
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
      node.emit({ kind, pkiId: fakePkiId(7), endpoint: "peer7.org1:7051", at });
    }
    await vi.waitFor(() => expect(client.events).toHaveLength(5), within);

    expect(client.events.map((e) => e.event)).toEqual(["joined", "updated", "dead", "resurrected", "purged"]);
    for (const { event, data } of client.events) {
      assertMatches(membershipEventSchema, data);
      expect(data).toEqual({
        kind: event,
        pki_id: fakePkiId(7),
        endpoint: "peer7.org1:7051",
        at: "2024-01-01T12:00:00.000Z",
      });
    }
  });

  it("formats each event as `event: <kind>` and one `data:` line of JSON", () => {
    const frame = formatEvent({ kind: "dead", pkiId: "ab", endpoint: "p:1", at: 0 });
    expect(frame).toBe(
      'event: dead\ndata: {"kind":"dead","pki_id":"ab","endpoint":"p:1","at":"1970-01-01T00:00:00.000Z"}\n\n',
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
    h.node.emit({ kind: "joined" });
  });

  it("drops a client that stops reading once its buffer passes the bound", async () => {
    h = await startHarness({ events: { maxBufferedBytes: 64 * 1024 } });
    const client = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    client.response.pause();

    // Large events, so the socket's buffers fill quickly; stop as soon as the client is dropped.
    const endpoint = `${"x".repeat(16 * 1024)}:7051`;
    let sent = 0;
    while (h.node.subscriberCount > 0 && sent < 20_000) {
      h.node.emit({ kind: "updated", endpoint });
      sent++;
    }
    expect(h.node.subscriberCount).toBe(0);
    client.response.resume();
    await vi.waitFor(() => expect(client.closed).toBe(true), within);
    expect(h.lines.some((l) => l.level === 40 && /stopped reading/.test(l.msg))).toBe(true);

    // The server still serves others.
    const other = await connect(h);
    await vi.waitFor(() => expect(h?.node.subscriberCount).toBe(1), within);
    h.node.emit({ kind: "joined" });
    await vi.waitFor(() => expect(other.events).toHaveLength(1), within);
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
