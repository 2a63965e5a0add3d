// Membership changes as Server-Sent Events, for dashboards and `curl -N`. Each
// client gets its own subscription. The stream is unauthenticated, so it is
// bounded: at most maxSubscribers clients at once, and a client that stops
// reading is dropped, so a slow or stalled reader never holds the node's memory.
import type { ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import type { MembershipEvent, NodeView } from "../node/node-view.js";
import {
  type ApiError,
  errorSchema,
  eventStreamResponseSchema,
  type MembershipEventJson,
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

/** Seconds a client refused for the subscriber cap is told to wait. */
const RETRY_AFTER_SECONDS = 5;

export function toEventJson(event: MembershipEvent): MembershipEventJson {
  return {
    kind: event.kind,
    pki_id: event.pkiId,
    endpoint: event.endpoint,
    at: new Date(event.at).toISOString(),
  };
}

/** One SSE frame: the event name is the kind, the data one line of JSON. */
export function formatEvent(event: MembershipEvent): string {
  return `event: ${event.kind}\ndata: ${JSON.stringify(toEventJson(event))}\n\n`;
}

export const eventsRoutes: FastifyPluginAsync<{ node: NodeView } & EventStreamOptions> = async (
  app,
  opts,
) => {
  const { node } = opts;
  const d = EVENT_STREAM_DEFAULTS;
  const settings: Required<EventStreamOptions> = {
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? d.heartbeatIntervalMs,
    maxBufferedBytes: opts.maxBufferedBytes ?? d.maxBufferedBytes,
    slowReaderTimeoutMs: opts.slowReaderTimeoutMs ?? d.slowReaderTimeoutMs,
    maxBurstBytes: opts.maxBurstBytes ?? d.maxBurstBytes,
    maxSubscribers: opts.maxSubscribers ?? d.maxSubscribers,
  };
  const maxBurstBytes = Math.max(settings.maxBurstBytes, settings.maxBufferedBytes);
  /** Open streams, ended when the server closes so close() does not wait on them. */
  const streams = new Set<ServerResponse>();

  app.addHook("preClose", async () => {
    for (const res of streams) res.end();
  });

  app.get(
    "/v1/events",
    {
      // A HEAD would subscribe and then hold a stream that can never carry a body.
      exposeHeadRoute: false,
      schema: {
        summary: "Membership changes as Server-Sent Events",
        description:
          "Events joined, updated, dead, resurrected and purged, each with the member's PKI-ID, endpoint and " +
          "time. Nothing is replayed: the stream starts with the next change. A client that stops reading " +
          "is disconnected.",
        tags: ["membership"],
        produces: ["text/event-stream"],
        response: {
          200: eventStreamResponseSchema,
          503: {
            description: "Too many event stream clients; retry after Retry-After seconds",
            ...errorSchema,
          },
        },
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
        return reply.code(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send(body);
      }
      reply.hijack();
      const res = reply.raw;
      const log = request.log;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      });
      streams.add(res);

      let unsubscribe: (() => void) | undefined;
      let slowTimer: NodeJS.Timeout | undefined;
      let awaitingDrain = false;
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), settings.heartbeatIntervalMs);
      heartbeat.unref();
      const cleanup = () => {
        clearInterval(heartbeat);
        clearTimeout(slowTimer);
        slowTimer = undefined;
        res.off("drain", onDrain);
        unsubscribe?.();
        unsubscribe = undefined;
        streams.delete(res);
      };
      const drop = (why: string) => {
        log.warn(
          { bufferedBytes: res.writableLength, maxBufferedBytes: settings.maxBufferedBytes, why },
          "dropping a membership event stream client that stopped reading",
        );
        cleanup();
        res.destroy();
      };
      // Emptied its buffer: whatever was queued, the client is reading.
      function onDrain() {
        awaitingDrain = false;
        clearTimeout(slowTimer);
        slowTimer = undefined;
      }
      /**
       * Writes one frame. A buffer above maxBufferedBytes is judged over time, not at once: a
       * synchronous burst fills it even for a fast reader, who drains it within the grace.
       */
      function send(frame: string) {
        if (res.destroyed || res.writableEnded) return;
        if (!res.write(frame) && !awaitingDrain) {
          awaitingDrain = true;
          res.once("drain", onDrain);
        }
        const buffered = res.writableLength;
        if (buffered > maxBurstBytes) return drop(`more than ${maxBurstBytes} bytes unread`);
        if (buffered > settings.maxBufferedBytes && slowTimer === undefined) {
          slowTimer = setTimeout(() => {
            slowTimer = undefined;
            if (res.writableLength > settings.maxBufferedBytes) {
              drop(
                `more than ${settings.maxBufferedBytes} bytes unread for ${settings.slowReaderTimeoutMs} ms`,
              );
            }
          }, settings.slowReaderTimeoutMs);
          slowTimer.unref();
        }
      }

      res.on("close", cleanup);
      send(": membership events\n\n");
      unsubscribe = node.onMembershipEvent((event) => send(formatEvent(event)));
      // The client may have gone while we subscribed.
      if (res.destroyed) cleanup();
    },
  );
};
