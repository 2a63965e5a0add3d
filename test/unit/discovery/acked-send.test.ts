import { SpanKind } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import type { CommService, RemotePeer } from "../../../src/comm/comm-service.js";
import { sendUntilAcked } from "../../../src/discovery/acked-send.js";
import { membershipRequestTelemetry, noopTracer } from "../../../src/discovery/telemetry.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { createNodeMetrics } from "../../../src/observability/metrics.js";
import { toBigInt } from "../../../src/protocol/long.js";
import { emptyMessage, membershipRequest } from "../../../src/protocol/messages.js";
import { type SignedGossipMessage, unsignedMessage } from "../../../src/protocol/signed-message.js";
import { PubSub } from "../../../src/pubsub/pubsub.js";
import { metric } from "./fixtures.js";

const TIMINGS = { membershipAckTimeout: 5_000, reconnectInterval: 25_000, maxConnectionAttempts: 4 };
const PEER: RemotePeer = { endpoint: "peer:7051", pkiId: new Uint8Array(32).fill(7) };
const REQUEST = unsignedMessage(membershipRequest(unsignedMessage(emptyMessage()).envelope, 123_456_789n));

/** A comm whose peer answers (publishes the nonce) from the given attempt on; 0 = never. */
function setup(ackFromAttempt: number, tracer = noopTracer()) {
  const clock = new ManualClock();
  const pubsub = new PubSub<bigint>(clock);
  const metrics = createNodeMetrics();
  const sent: SignedGossipMessage[] = [];
  const comm = {
    send(message: SignedGossipMessage) {
      sent.push(message);
      if (ackFromAttempt > 0 && sent.length >= ackFromAttempt) {
        const nonce = toBigInt(message.message.nonce);
        pubsub.publish(nonce.toString(), nonce);
      }
    },
  } as unknown as CommService;
  const deps = { pubsub, comm, clock, timings: TIMINGS };
  const observer = membershipRequestTelemetry(
    { tracer, metrics, clock, logger: silentLogger() },
    toBigInt(REQUEST.message.nonce),
    PEER.endpoint,
  );
  const send = (signal: AbortSignal) => sendUntilAcked(deps, PEER, REQUEST, signal, observer);
  return { clock, pubsub, metrics, sent, send };
}

describe("sendUntilAcked", () => {
  it("returns acked after the first send when the response comes at once", async () => {
    const { send, sent, metrics, clock, pubsub } = setup(1);
    const outcome = await send(new AbortController().signal);
    expect(outcome).toBe("acked");
    expect(sent).toHaveLength(1);
    expect(await metric(metrics.membershipRequests, { outcome: "acked" })).toBe(1);
    expect(await metric(metrics.membershipRequestRetries)).toBe(0);
    expect(pubsub.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("resends after the ack timeout plus reconnectInterval and counts each retry", async () => {
    const { send, sent, metrics, clock } = setup(3);
    const done = send(new AbortController().signal);
    await clock.advance(TIMINGS.membershipAckTimeout);
    expect(sent).toHaveLength(1); // now sleeping reconnectInterval
    await clock.advance(TIMINGS.reconnectInterval);
    expect(sent).toHaveLength(2);
    await clock.advance(TIMINGS.membershipAckTimeout + TIMINGS.reconnectInterval);
    await expect(done).resolves.toBe("acked");
    expect(sent).toHaveLength(3);
    expect(await metric(metrics.membershipRequestRetries)).toBe(2);
    expect(await metric(metrics.membershipRequests, { outcome: "acked" })).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("gives up after maxConnectionAttempts unacked sends", async () => {
    const { send, sent, metrics, clock } = setup(0);
    const done = send(new AbortController().signal);
    await clock.advance(
      TIMINGS.maxConnectionAttempts * (TIMINGS.membershipAckTimeout + TIMINGS.reconnectInterval),
    );
    await expect(done).resolves.toBe("gave_up");
    expect(sent).toHaveLength(TIMINGS.maxConnectionAttempts);
    expect(await metric(metrics.membershipRequestRetries)).toBe(TIMINGS.maxConnectionAttempts - 1);
    expect(await metric(metrics.membershipRequests, { outcome: "gave_up" })).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("ends at once when aborted, while waiting for the ack or sleeping", async () => {
    for (const waitMs of [100, TIMINGS.membershipAckTimeout + 100]) {
      const { send, metrics, clock, pubsub } = setup(0);
      const controller = new AbortController();
      const done = send(controller.signal);
      await clock.advance(waitMs);
      controller.abort(new Error("stop"));
      await expect(done).resolves.toBe("aborted");
      expect(await metric(metrics.membershipRequests, { outcome: "aborted" })).toBe(1);
      expect(pubsub.size()).toBe(0);
      expect(clock.pendingTimers()).toBe(0);
    }
  });

  it("traces each attempt with its nonce, number and outcome", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { send, clock } = setup(2, provider.getTracer("test"));
    const done = send(new AbortController().signal);
    await clock.advance(TIMINGS.membershipAckTimeout + TIMINGS.reconnectInterval);
    await done;
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(["gossip.membership_request", "gossip.membership_request"]);
    const rpc = {
      "rpc.system": "grpc",
      "rpc.service": "gossip.Gossip",
      "rpc.method": "GossipStream",
      "server.address": "peer",
      "server.port": 7051,
    };
    expect(spans.map((s) => s.kind)).toEqual([SpanKind.CLIENT, SpanKind.CLIENT]);
    expect(spans.map((s) => s.attributes)).toEqual([
      { ...rpc, "gossip.nonce": "123456789", "gossip.attempt": 1, "gossip.outcome": "timeout" },
      { ...rpc, "gossip.nonce": "123456789", "gossip.attempt": 2, "gossip.outcome": "acked" },
    ]);
  });
});
