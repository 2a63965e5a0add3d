// The operator's view of a real node: probes, live events, metrics that
// follow the membership, and traces from connect to ack.
import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AdminServer, startAdminServer } from "../../src/admin/admin-server.js";
import { Cluster, waitForConvergence } from "../support/cluster.js";
import { type CommUnderTest, metricValue, startComm } from "../support/comm-fixture.js";
import { makeOrg, type TestOrg, validatorFor } from "../support/identities.js";
import { tracerForTests } from "../support/tracing.js";
import { waitFor } from "../support/wait.js";

let org: TestOrg;
let cluster: Cluster;
const admins: AdminServer[] = [];
const comms: CommUnderTest[] = [];
const aborts: AbortController[] = [];

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  for (const a of aborts.splice(0)) a.abort();
  await Promise.all(admins.splice(0).map((a) => a.close()));
  await cluster?.stopAll();
  await Promise.all(comms.splice(0).map((c) => c.comm.stop()));
});

async function adminFor(node: Parameters<typeof startAdminServer>[0]["node"]): Promise<string> {
  const server = await startAdminServer({
    node,
    logger: (await import("../../src/observability/logger.js")).silentLogger(),
    listenAddress: "127.0.0.1:0",
    version: { version: "test", commitSha: "test" },
  });
  admins.push(server);
  return `http://${server.address}`;
}

/** Reads an SSE stream into a growing list of event names. */
async function subscribe(url: string): Promise<string[]> {
  const abort = new AbortController();
  aborts.push(abort);
  const response = await fetch(`${url}/v1/events`, { signal: abort.signal });
  const kinds: string[] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let text = "";
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        text += decoder.decode(chunk.value, { stream: true });
        for (const match of text.matchAll(/^event: (\w+)$/gm)) kinds.push(match[1] ?? "");
        text = text.slice(text.lastIndexOf("\n\n") + 2);
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return kinds;
}

describe("probes", () => {
  it("/readyz is 503 with the reason until a bootstrap peer acks, then 200", async () => {
    cluster = new Cluster(org);
    const deaf = await startComm(await org.newPeer(), validatorFor(org));
    comms.push(deaf);
    const waiting = await cluster.startNode({ bootstrap: [deaf.address] });
    const url = await adminFor(waiting.node);
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(JSON.stringify(await notReady.json())).toMatch(/bootstrap/i);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const first = await cluster.startNode();
    const joining = await cluster.startNode({ bootstrap: [first.node.address] });
    const joiningUrl = await adminFor(joining.node);
    await waitFor(
      async () => (await fetch(`${joiningUrl}/readyz`)).status === 200,
      "readiness after the ack",
    );
  });
});

describe("membership as the operator sees it", () => {
  it("streams joined and dead events and moves the membership gauges as a member comes and goes", async () => {
    cluster = new Cluster(org);
    const observer = await cluster.startNode();
    const url = await adminFor(observer.node);
    const kinds = await subscribe(url);
    const metric = (state: string) =>
      metricValue(observer.node.metrics, "gossip_membership_peers", { state });

    const member = await cluster.startNode({ bootstrap: [observer.node.address] });
    await waitForConvergence([observer, member], 10_000);
    await waitFor(() => kinds.includes("joined"), "a joined event");
    expect(await metric("alive")).toBe(1);
    expect(await metricValue(observer.node.metrics, "gossip_membership_total_peers_known")).toBe(1);

    const memberId = member.node.self().pkiId;
    await cluster.stopNode(member);
    await waitFor(() => kinds.includes("dead"), "a dead event", 10_000);
    expect(await metric("alive")).toBe(0);
    expect(await metric("dead")).toBe(1);
    const body = (await (await fetch(`${url}/v1/members?state=dead`)).json()) as {
      members: { pki_id: string }[];
    };
    expect(body.members.map((m) => m.pki_id)).toEqual([memberId]);
  });
});

describe("traces from connect to ack", () => {
  const spansNamed = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it("records connect -> handshake -> membership request -> ack as one tree", async () => {
    const { tracer, exporter } = tracerForTests();
    cluster = new Cluster(org);
    const first = await cluster.startNode();
    const second = await cluster.startNode({ bootstrap: [first.node.address], tracer });
    await waitFor(
      () => spansNamed(exporter.getFinishedSpans(), "gossip.connect").length === 1,
      "the connect span",
    );
    expect(second.node.readiness().ready).toBe(true);
    const spans = exporter.getFinishedSpans();
    const [root] = spansNamed(spans, "gossip.connect");
    if (!root) throw new Error("no root span");
    expect(parentOf(root)).toBeUndefined();
    expect(root.status.code).toBe(SpanStatusCode.OK);
    const handshakes = spansNamed(spans, "gossip.handshake");
    const requests = spansNamed(spans, "gossip.membership_request");
    expect(handshakes.length).toBeGreaterThanOrEqual(1);
    expect(requests.length).toBeGreaterThanOrEqual(1);
    for (const child of [...handshakes, ...requests]) {
      expect(parentOf(child)).toBe(root.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    const last = requests.at(-1);
    expect(last?.attributes["gossip.outcome"]).toBe("acked");
    expect(typeof last?.attributes["gossip.nonce"]).toBe("string");
    expect(last?.attributes["gossip.attempt"]).toBe(requests.length);
  });

  it("ends the connect span with an error when the acked send gives up", async () => {
    const { tracer, exporter } = tracerForTests();
    const deaf = await startComm(await org.newPeer(), validatorFor(org));
    comms.push(deaf);
    cluster = new Cluster(org);
    await cluster.startNode({
      bootstrap: [deaf.address],
      tracer,
      timings: { maxConnectionAttempts: 2, membershipAckTimeout: 150, reconnectInterval: 50 },
    });
    await waitFor(
      () => spansNamed(exporter.getFinishedSpans(), "gossip.connect").length === 1,
      "the connect span",
      10_000,
    );
    const spans = exporter.getFinishedSpans();
    const [root] = spansNamed(spans, "gossip.connect");
    expect(root?.status.code).toBe(SpanStatusCode.ERROR);
    const requests = spansNamed(spans, "gossip.membership_request");
    expect(requests.map((s) => s.attributes["gossip.outcome"])).toEqual(["timeout", "timeout"]);
    for (const request of requests) expect(parentOf(request)).toBe(root?.spanContext().spanId);
  });
});
