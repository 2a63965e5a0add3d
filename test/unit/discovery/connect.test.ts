// connect(): handshake retries, the membership request until acked, the
// connection view the admin API shows, readiness, and the join-flow traces.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { flushMicrotasks } from "../../../src/clock/manual-clock.js";
import { CommError, type CommFailureReason } from "../../../src/comm/errors.js";
import type { PeerIdentification } from "../../../src/discovery/options.js";
import { waitFor } from "../../support/wait.js";
import { metric, TEST_TIMINGS, TestCluster } from "./fixtures.js";

let cluster: TestCluster;
afterEach(async () => {
  await cluster?.stopAll();
});

function recordingTracer() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer("test") };
}

const failingHandshake = (reason: CommFailureReason) => new CommError(reason, `handshake failed: ${reason}`);

describe("connect", () => {
  it("retries identify after reconnectInterval, then joins; the connection view shows each step", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051" });
    let calls = 0;
    b.discovery.connect({ endpoint: "a:7051" }, async (signal): Promise<PeerIdentification> => {
      calls++;
      if (calls < 3) throw failingHandshake("dial");
      const identity = await b.comm.handshake("a:7051", undefined, signal);
      return { pkiId: identity.pkiId, selfOrg: true, identity };
    });
    await flushMicrotasks();
    expect(b.discovery.connections()[0]).toMatchObject({
      endpoint: "a:7051",
      state: "failed",
      attempts: 1,
      lastError: { reason: "dial", message: "handshake failed: dial" },
    });
    await cluster.clock.advance(TEST_TIMINGS.reconnectInterval);
    expect(b.discovery.connections()[0]).toMatchObject({ state: "failed", attempts: 2 });
    await cluster.clock.advance(TEST_TIMINGS.reconnectInterval);
    const status = b.discovery.connections()[0];
    expect(status).toMatchObject({ state: "connected", attempts: 3, requestAttempts: 1, pkiId: a.hex });
    expect(status?.lastHandshakeAt).toBe(cluster.clock.now());
    expect(status?.pendingNonce).toBeUndefined();
    // The response's entries are learned once their signatures are checked, off the event loop.
    await waitFor(() => b.alive().length > 0, "b learning a from its membership response");
    expect(b.alive()).toEqual([a.hex]);
    const histogram = await b.metrics.connectToAckDuration.get();
    const count = histogram.values.find(
      (v) => v.metricName === "gossip_connect_to_ack_duration_seconds_count",
    );
    expect(count?.value).toBe(1);
  });

  it("gives up after maxConnectionAttempts failed handshakes", async () => {
    cluster = new TestCluster();
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["nowhere:7051"] });
    await cluster.clock.advance(TEST_TIMINGS.maxConnectionAttempts * TEST_TIMINGS.reconnectInterval);
    expect(b.discovery.connections()).toMatchObject([
      {
        endpoint: "nowhere:7051",
        bootstrap: true,
        state: "gave_up",
        attempts: TEST_TIMINGS.maxConnectionAttempts,
        lastError: { reason: "gave_up" },
      },
    ]);
    expect(b.discovery.connections()[0]?.lastError?.message).toContain("nothing listens at nowhere:7051");
    expect(b.discovery.readiness()).toMatchObject({ ready: false });
    expect(b.discovery.readiness().reasons[0]).toContain("nowhere:7051");
  });

  it("shows the pending nonce while the membership request waits for its ack, and is ready once acked", async () => {
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "a:7051" });
    const heal = cluster.network.drop({ kind: "mem_res", to: "b:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    await flushMicrotasks();
    const waiting = b.discovery.connections()[0];
    expect(waiting).toMatchObject({ state: "awaiting_ack", requestAttempts: 1 });
    expect(waiting?.pendingNonce).toMatch(/^\d+$/);
    expect(b.discovery.readiness().ready).toBe(false);
    await cluster.clock.advance(TEST_TIMINGS.membershipAckTimeout);
    expect(b.discovery.connections()[0]?.lastError?.reason).toBe("ack_timeout");
    heal();
    await cluster.until(() => b.discovery.connections()[0]?.state === "connected", "acked after a retry");
    expect(b.discovery.connections()[0]?.requestAttempts).toBe(2);
    expect(await metric(b.metrics.membershipRequestRetries)).toBe(1);
    expect(b.discovery.readiness()).toEqual({
      ready: true,
      reasons: [],
      bootstrapEndpoints: ["a:7051"],
      ackedBootstrapEndpoints: ["a:7051"],
    });
  });

  it("does not connect to itself, by endpoint or by the PKI-ID the handshake finds", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051", externalEndpoint: "a.example.com:7051" });
    a.discovery.connect({ endpoint: "a.example.com:7051" }, () => Promise.reject(new Error("never called")));
    a.discovery.connect({ endpoint: "localhost:7051" }, () => Promise.reject(new Error("never called")));
    expect(a.discovery.connections()).toEqual([]);
    a.discovery.connect({ endpoint: "alias-of-a:7051" }, async () => ({
      pkiId: a.signer.pkiId,
      selfOrg: true,
    }));
    await flushMicrotasks();
    expect(a.discovery.connections()).toMatchObject([{ state: "gave_up", lastError: { reason: "self" } }]);
  });

  it("sends its internal endpoint in the membership request only to its own org", async () => {
    cluster = new TestCluster();
    await cluster.trust("Org1MSP", "Org2MSP");
    const a = await cluster.addNode({ endpoint: "a:7051", org: "Org2MSP" });
    const b = await cluster.addNode({
      endpoint: "b-int:7051",
      externalEndpoint: "b:7051",
      bootstrap: ["a:7051"],
    });
    await cluster.until(() => a.alive().includes(b.hex), "a learns b");
    expect(a.discovery.member(b.hex)).toMatchObject({ endpoint: "b:7051", internalEndpoint: undefined });
  });
});

describe("readiness", () => {
  it("is ready at once when its bootstrap list names only itself, as a seed's does", async () => {
    cluster = new TestCluster();
    const seed = await cluster.addNode({
      endpoint: "seed-int:7051",
      externalEndpoint: "seed:7051",
      bootstrap: ["seed-int:7051", "seed:7051", "localhost:7051"],
    });
    expect(seed.discovery.readiness()).toEqual({
      ready: true,
      reasons: [],
      bootstrapEndpoints: [],
      ackedBootstrapEndpoints: [],
    });
    expect(seed.discovery.connections()).toEqual([]);
  });

  it("is ready once the handshake finds that its only bootstrap peer is itself under another name", async () => {
    cluster = new TestCluster();
    const pod0 = await cluster.addNode({
      endpoint: "pod0:7051",
      bootstrap: ["peers.svc:7051"],
      start: false,
    });
    pod0.discovery.start();
    let answer: (id: PeerIdentification) => void = () => {};
    pod0.discovery.connect(
      { endpoint: "peers.svc:7051" },
      () => new Promise((resolve) => (answer = resolve)),
    );
    await flushMicrotasks();
    expect(pod0.discovery.readiness()).toMatchObject({
      ready: false,
      bootstrapEndpoints: ["peers.svc:7051"],
    });
    answer({ pkiId: pod0.signer.pkiId, selfOrg: true });
    await flushMicrotasks();
    expect(pod0.discovery.connections()).toMatchObject([{ state: "gave_up", lastError: { reason: "self" } }]);
    expect(pod0.discovery.readiness()).toEqual({
      ready: true,
      reasons: [],
      bootstrapEndpoints: [],
      ackedBootstrapEndpoints: [],
    });
  });

  it("with itself and another bootstrap peer, waits for the other one's ack", async () => {
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "a:7051" });
    const heal = cluster.network.drop({ kind: "mem_res", to: "b:7051" });
    // Nor may a's alive messages (on their own or in a membership request) reach b:
    // an alive member alone would make b ready.
    const healAlive = cluster.network.drop({ kind: "alive", to: "b:7051" });
    const healSync = cluster.network.drop({ kind: "mem_req", to: "b:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["b:7051", "a:7051"] });
    await cluster.clock.advance(TEST_TIMINGS.membershipAckTimeout);
    expect(b.discovery.readiness()).toMatchObject({ ready: false, bootstrapEndpoints: ["a:7051"] });
    expect(b.discovery.readiness().reasons[0]).toContain("a:7051");
    heal();
    await cluster.until(() => b.discovery.readiness().ready, "a acked");
    expect(b.discovery.readiness().ackedBootstrapEndpoints).toEqual(["a:7051"]);
    healAlive();
    healSync();
  });
});

describe("readiness with a live view", () => {
  it("says a bootstrap peer gave up and what to do, then is ready once another member joined it", async () => {
    cluster = new TestCluster();
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["nowhere:7051"] });
    await cluster.clock.advance(TEST_TIMINGS.maxConnectionAttempts * TEST_TIMINGS.reconnectInterval);
    const { ready, reasons } = b.discovery.readiness();
    expect(ready).toBe(false);
    expect(reasons[0]).toMatch(
      /nowhere:7051 gave up \(.*nothing listens at nowhere:7051.*\): check that it runs/,
    );
    expect(reasons.at(-1)).toContain("no alive member");
    await cluster.addNode({ endpoint: "c:7051", bootstrap: ["b:7051"] });
    await cluster.until(() => b.discovery.readiness().ready, "c joined b");
    expect(b.discovery.readiness()).toMatchObject({ reasons: [], ackedBootstrapEndpoints: [] });
  });

  it("names the state and last error of a bootstrap peer still being tried", async () => {
    cluster = new TestCluster();
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["nowhere:7051"] });
    await flushMicrotasks();
    expect(b.discovery.readiness().reasons[0]).toMatch(/nowhere:7051 is failed, last error: nothing listens/);
  });
});

describe("connect and stop", () => {
  it('keeps a target connected before start() in state "connecting" until start() begins it', async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", start: false });
    let identified = 0;
    b.discovery.connect({ endpoint: "a:7051" }, async (signal) => {
      identified++;
      const identity = await b.comm.handshake("a:7051", undefined, signal);
      return { pkiId: identity.pkiId, selfOrg: true, identity };
    });
    await cluster.clock.advance(TEST_TIMINGS.reconnectInterval);
    expect(identified).toBe(0);
    expect(b.discovery.connections()).toMatchObject([
      { endpoint: "a:7051", state: "connecting", attempts: 0 },
    ]);
    b.discovery.start();
    await cluster.until(() => b.discovery.connections()[0]?.state === "connected", "connected once started");
    expect(identified).toBe(1);
    await waitFor(() => b.alive().length > 0, "b learning a from its membership response");
    expect(b.alive()).toEqual([a.hex]);
  });

  it('gives up a target still "connecting" when stopped before start()', async () => {
    cluster = new TestCluster();
    const b = await cluster.addNode({ endpoint: "b:7051", start: false });
    b.discovery.connect({ endpoint: "a:7051" }, () => Promise.reject(new Error("never called")));
    await b.stop();
    expect(b.discovery.connections()).toMatchObject([
      { state: "gave_up", attempts: 0, lastError: { reason: "stopped" } },
    ]);
  });

  it("stop() does not wait for an identify that never settles", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    a.discovery.connect({ endpoint: "b:7051" }, () => new Promise<PeerIdentification>(() => {}));
    await flushMicrotasks();
    expect(a.discovery.connections()[0]?.state).toBe("handshaking");
    await a.stop();
    expect(a.discovery.connections()[0]).toMatchObject({
      state: "gave_up",
      lastError: { reason: "stopped" },
    });
    expect(cluster.clock.pendingTimers()).toBe(0);
  });
});

describe("tracing", () => {
  it("traces each connect attempt as a root CLIENT span: its handshake, and the first membership request of the one that succeeds", async () => {
    const { exporter, tracer } = recordingTracer();
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", tracer, start: false });
    b.discovery.start();
    let calls = 0;
    b.discovery.connect({ endpoint: "a:7051" }, async (signal) => {
      if (++calls === 1) throw failingHandshake("timeout");
      const identity = await b.comm.handshake("a:7051", undefined, signal);
      return { pkiId: identity.pkiId, selfOrg: true, identity };
    });
    await cluster.until(() => b.discovery.connections()[0]?.state === "connected", "connected");
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => s.name === "gossip.connect");
    expect(roots.map((r) => r.attributes["gossip.attempt"])).toEqual([1, 2]);
    for (const root of roots) {
      expect(root.parentSpanContext).toBeUndefined();
      expect(root.kind).toBe(SpanKind.CLIENT);
      expect(root.attributes).toMatchObject({
        "rpc.system": "grpc",
        "rpc.service": "gossip.Gossip",
        "rpc.method": "GossipStream",
        "server.address": "a",
        "server.port": 7051,
        "gossip.endpoint": "a:7051",
      });
      expect(Object.keys(root.attributes).some((key) => key.startsWith("net."))).toBe(false);
    }
    const childrenOf = (root: (typeof spans)[number]) =>
      spans.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);
    const [failedAttempt, okAttempt] = roots;
    if (!failedAttempt || !okAttempt) throw new Error("two connect attempts expected");
    expect(failedAttempt.status.code).toBe(SpanStatusCode.ERROR);
    expect(failedAttempt.attributes["gossip.outcome"]).toBe("timeout");
    const [failed] = childrenOf(failedAttempt);
    expect(failed?.name).toBe("gossip.handshake");
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.events.map((e) => e.name)).toContain("exception");
    const children = childrenOf(okAttempt);
    expect(children.map((s) => [s.name, s.kind, s.attributes["gossip.attempt"]])).toEqual([
      ["gossip.handshake", SpanKind.CLIENT, 2],
      ["gossip.membership_request", SpanKind.CLIENT, 1],
    ]);
    const [ok, request] = children;
    expect(ok?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(request?.attributes).toMatchObject({ "gossip.outcome": "acked", "server.address": "a" });
    expect(request?.attributes["gossip.nonce"]).toMatch(/^\d+$/);
    expect(okAttempt.status.code).toBe(SpanStatusCode.OK);
    expect(okAttempt.attributes["gossip.outcome"]).toBe("acked");
  });

  it("ends every attempt's root with its attempt, so none is left open when the connect gives up", async () => {
    const { exporter, tracer } = recordingTracer();
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "b:7051", tracer, bootstrap: ["nowhere:7051"] });
    await cluster.clock.advance(TEST_TIMINGS.reconnectInterval);
    // After the first attempt failed, its root is already exported: it did not wait for the give-up.
    expect(exporter.getFinishedSpans().filter((s) => s.name === "gossip.connect").length).toBeGreaterThan(0);
    await cluster.clock.advance(TEST_TIMINGS.maxConnectionAttempts * TEST_TIMINGS.reconnectInterval);
    const roots = exporter.getFinishedSpans().filter((s) => s.name === "gossip.connect");
    expect(roots).toHaveLength(TEST_TIMINGS.maxConnectionAttempts);
    for (const root of roots) expect(root.status.code).toBe(SpanStatusCode.ERROR);
    expect(exporter.getFinishedSpans().filter((s) => s.name === "gossip.handshake")).toHaveLength(
      TEST_TIMINGS.maxConnectionAttempts,
    );
  });

  it("traces membership request retries as roots linked to the connect attempt", async () => {
    const { exporter, tracer } = recordingTracer();
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "a:7051" });
    const heal = cluster.network.drop({ kind: "mem_res", to: "b:7051" });
    await cluster.addNode({ endpoint: "b:7051", tracer, bootstrap: ["a:7051"] });
    await flushMicrotasks();
    await cluster.clock.advance(TEST_TIMINGS.membershipAckTimeout);
    heal();
    await cluster.until(
      () => exporter.getFinishedSpans().filter((s) => s.name === "gossip.membership_request").length === 2,
      "two membership request attempts",
    );
    const spans = exporter.getFinishedSpans();
    const [root] = spans.filter((s) => s.name === "gossip.connect");
    const [first, retry] = spans.filter((s) => s.name === "gossip.membership_request");
    expect(root?.attributes["gossip.outcome"]).toBe("ack_timeout");
    expect(first?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(retry?.parentSpanContext).toBeUndefined();
    expect(retry?.links.map((l) => l.context.spanId)).toEqual([root?.spanContext().spanId]);
    expect(retry?.attributes).toMatchObject({ "gossip.attempt": 2, "gossip.outcome": "acked" });
  });

  it("traces the handling of a membership request", async () => {
    const { exporter, tracer } = recordingTracer();
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "a:7051", tracer });
    await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    await cluster.until(
      () => exporter.getFinishedSpans().some((s) => s.name === "gossip.handle_membership_request"),
      "a handled b's request",
    );
    const span = exporter.getFinishedSpans().find((s) => s.name === "gossip.handle_membership_request");
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.attributes).toMatchObject({
      "rpc.system": "grpc",
      "rpc.service": "gossip.Gossip",
      "rpc.method": "GossipStream",
      "network.peer.address": "b",
      "network.peer.port": 7051,
      "gossip.peer.endpoint": "b:7051",
      "gossip.alive_count": 2,
    });
  });

  it("does not trace periodic membership sync (nonce 0): it would flood the traces", async () => {
    const { exporter, tracer } = recordingTracer();
    cluster = new TestCluster();
    await cluster.addNode({ endpoint: "a:7051", tracer });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    await cluster.until(() => b.discovery.connections()[0]?.state === "connected", "b joined a");
    const handled = () =>
      exporter.getFinishedSpans().filter((s) => s.name === "gossip.handle_membership_request");
    expect(handled()).toHaveLength(1);
    const requests = () => cluster.network.delivered.get("mem_req") ?? 0;
    const afterJoin = requests();
    await cluster.clock.advance(TEST_TIMINGS.pullInterval * 5);
    expect(requests()).toBeGreaterThan(afterJoin);
    expect(handled()).toHaveLength(1);
  });
});
