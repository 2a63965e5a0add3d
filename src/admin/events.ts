// Membership changes as Server-Sent Events, for dashboards and `curl -N`. Each
// client gets its own subscription. The stream is unauthenticated, so it is
// bounded: at most maxSubscribers clients at once, and a client that stops
// reading is dropped, so a slow or stalled reader never holds the node's memory.
import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import type { MembershipEvent, NodeView } from "../node/node-view.js";
import {
  type AdminRoutes,
  type ApiError,
  eventStreamFullSchema,
  eventStreamResponseSchema,
  type MembershipEventJson,
  RETRY_AFTER_SECONDS,
  withErrors,
} from "./schemas.js";

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and idle timeouts from closing the stream. */
  heartbeatIntervalMs?: number;
  /** Bytes a client may leave unread for longer than slowReaderTimeoutMs before it is dropped. */
  maxBufferedBytes?: number;
  /** How long a client's buffer may stay above maxBufferedBytes without draining. */
  slowReaderTimeoutMs?: number;
  /**
   * Bytes a client may have buffered at any moment, e.g. right after a synchronous burst
   * of events; past it the client is dropped at once. Bounds memory during the grace above.
   */
  maxBurstBytes?: number;
  /** Concurrent /v1/events clients; one more gets 503 with Retry-After. */
  maxSubscribers?: number;
}

export const EVENT_STREAM_DEFAULTS: Required<EventStreamOptions> = {
  heartbeatIntervalMs: 15_000,
  // About a thousand events: a reader this far behind for seconds is not reading.
  maxBufferedBytes: 256 * 1024,
  slowReaderTimeoutMs: 10_000,
  // With maxSubscribers, caps what event streams can buffer at 64 MiB.
  maxBurstBytes: 2 * 1024 * 1024,
  maxSubscribers: 32,
};

function toEventJson(event: MembershipEvent): MembershipEventJson {
  return {
    kind: event.kind,
    pki_id: event.pkiId,
    endpoint: event.endpoint,
    internal_endpoint: event.internalEndpoint,
    msp_id: event.mspId,
    flaps: event.flaps,
    at: new Date(event.at).toISOString(),
  };
}

/** One SSE frame: the event name is the kind, the data one line of JSON. */
export function formatEvent(event: MembershipEvent): string {
  return `event: ${event.kind}\ndata: ${JSON.stringify(toEventJson(event))}\n\n`;
}

/**
 * One client's stream. Frames are written as events come; what the client
 * leaves unread is bounded at once (maxBurstBytes) and over time
 * (maxBufferedBytes for slowReaderTimeoutMs), and past either bound it is dropped.
 */
class EventStream {
  private readonly heartbeat: NodeJS.Timeout;
  private slowTimer: NodeJS.Timeout | undefined;
  private awaitingDrain = false;
  private unsubscribe: (() => void) | undefined;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly log: FastifyBaseLogger,
    private readonly settings: Required<EventStreamOptions>,
    private readonly onEnd: (stream: EventStream) => void,
  ) {
    this.heartbeat = setInterval(() => this.send(": heartbeat\n\n"), settings.heartbeatIntervalMs);
    this.heartbeat.unref();
    res.on("close", () => this.cleanup());
  }

  /** Writes the response head and the first comment, then follows the node's membership events. */
  start(node: NodeView): void {
    this.res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    });
    this.send(": membership events\n\n");
    this.unsubscribe = node.onMembershipEvent((event) => this.send(formatEvent(event)));
    // The client may have gone while we subscribed.
    if (this.res.destroyed) this.cleanup();
  }

  /** Ends the response (the server is closing). */
  end(): void {
    this.res.end();
  }

  /**
   * Writes one frame. A buffer above maxBufferedBytes is judged over time, not at once: a
   * synchronous burst fills it even for a fast reader, who drains it within the grace.
   */
  private send(frame: string): void {
    const { res, settings } = this;
    if (res.destroyed || res.writableEnded) return;
    if (!res.write(frame) && !this.awaitingDrain) {
      this.awaitingDrain = true;
      res.once("drain", this.onDrain);
    }
    const buffered = res.writableLength;
    const maxBurstBytes = Math.max(settings.maxBurstBytes, settings.maxBufferedBytes);
    if (buffered > maxBurstBytes) {
      this.drop(`more than ${maxBurstBytes} bytes unread`);
    } else if (buffered > settings.maxBufferedBytes && this.slowTimer === undefined) {
      this.slowTimer = setTimeout(() => this.judgeSlowReader(), settings.slowReaderTimeoutMs);
      this.slowTimer.unref();
    }
  }

  private judgeSlowReader(): void {
    this.slowTimer = undefined;
    const { maxBufferedBytes, slowReaderTimeoutMs } = this.settings;
    if (this.res.writableLength > maxBufferedBytes) {
      this.drop(`more than ${maxBufferedBytes} bytes unread for ${slowReaderTimeoutMs} ms`);
    }
  }

  /** Emptied its buffer: whatever was queued, the client is reading. */
  private readonly onDrain = (): void => {
    this.awaitingDrain = false;
    clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
  };

  private drop(why: string): void {
    this.log.warn(
      { bufferedBytes: this.res.writableLength, maxBufferedBytes: this.settings.maxBufferedBytes, why },
      "dropping a membership event stream client that stopped reading",
    );
    this.cleanup();
    this.res.destroy();
  }

  private cleanup(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    this.res.off("drain", this.onDrain);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.onEnd(this);
  }
}

export const eventsRoutes: AdminRoutes<{ node: NodeView } & EventStreamOptions> = async (app, opts) => {
  const { node, ...tuning } = opts;
  const settings = { ...EVENT_STREAM_DEFAULTS, ...definedOnly(tuning) };
  /** Open streams, ended when the server closes so close() does not wait on them. */
  const streams = new Set<EventStream>();

  app.addHook("preClose", async () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    "/v1/events",
    {
      // A HEAD would subscribe and then hold a stream that can never carry a body.
      exposeHeadRoute: false,
      schema: {
        operationId: "streamMembershipEvents",
        summary: "Membership changes as Server-Sent Events",
        description:
          "Events joined, updated, dead, resurrected and purged, each with the member's PKI-ID, endpoint, " +
          "internal endpoint and MSP ID (when known) and time. Nothing is replayed: the stream starts with " +
          "the next change. A client that stops reading is disconnected.",
        tags: ["membership"],
        response: withErrors({ 200: eventStreamResponseSchema, 503: eventStreamFullSchema }),
      },
    },
    (request, reply) => {
      if (streams.size >= settings.maxSubscribers) {
        request.log.debug(
          { maxSubscribers: settings.maxSubscribers },
          "event stream client refused: at the cap",
        );
        const body: ApiError = {
          error: "Service Unavailable",
          message: `At most ${settings.maxSubscribers} event stream clients at once; retry later`,
        };
        reply.code(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send(body);
        return;
      }
      reply.hijack();
      const stream = new EventStream(reply.raw, request.log, settings, (ended) => streams.delete(ended));
      streams.add(stream);
      stream.start(node);
    },
  );
};

/** The options given, without the keys set to undefined (which would hide a default). */
function definedOnly(options: EventStreamOptions): EventStreamOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
