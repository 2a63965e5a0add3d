// Membership changes as Server-Sent Events, for dashboards and `curl -N`. Each
// client gets its own subscription; a client that stops reading is dropped once
// its buffer passes a bound, so a slow reader never holds the node's memory.
import type { ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import type { MembershipEvent, NodeView } from "../node/node-view.js";
import { eventStreamResponseSchema, type MembershipEventJson } from "./schemas.js";

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and idle timeouts from closing the stream. */
  heartbeatIntervalMs?: number;
  /** Bytes a client may leave unread before it is dropped. */
  maxBufferedBytes?: number;
}

export const EVENT_STREAM_DEFAULTS: Required<EventStreamOptions> = {
  heartbeatIntervalMs: 15_000,
  // About a thousand events: a reader this far behind is not reading.
  maxBufferedBytes: 256 * 1024,
};

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
  const heartbeatIntervalMs = opts.heartbeatIntervalMs ?? EVENT_STREAM_DEFAULTS.heartbeatIntervalMs;
  const maxBufferedBytes = opts.maxBufferedBytes ?? EVENT_STREAM_DEFAULTS.maxBufferedBytes;
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
          "time. Nothing is replayed: the stream starts with the next change.",
        tags: ["membership"],
        produces: ["text/event-stream"],
        response: { 200: eventStreamResponseSchema },
      },
    },
    (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      const log = request.log;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      });
      res.write(": membership events\n\n");
      streams.add(res);

      let unsubscribe: (() => void) | undefined;
      const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), heartbeatIntervalMs);
      heartbeat.unref();
      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe?.();
        unsubscribe = undefined;
        streams.delete(res);
      };
      res.on("close", cleanup);

      unsubscribe = node.onMembershipEvent((event) => {
        if (res.destroyed || res.writableEnded) return;
        if (res.writableLength > maxBufferedBytes) {
          log.warn(
            { bufferedBytes: res.writableLength, maxBufferedBytes },
            "dropping a membership event stream client that stopped reading",
          );
          cleanup();
          res.destroy();
          return;
        }
        res.write(formatEvent(event));
      });
      // The client may have gone while we subscribed.
      if (res.destroyed) cleanup();
    },
  );
};
