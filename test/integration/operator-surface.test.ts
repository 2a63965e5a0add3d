// The operator's view of a real node: probes, live events, metrics that
// follow the membership, and traces from connect to ack.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
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

/** Reads an SSE stream into a growing list of event names, and their data into `data`. */
async function subscribe(url: string, data: unknown[] = []): Promise<string[]> {
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
        // Only whole frames: a chunk may end inside one.
        const end = text.lastIndexOf("\n\n");
        if (end < 0) continue;
        const frames = text.slice(0, end);
        text = text.slice(end + 2);
        for (const match of frames.matchAll(/^event: (\w+)$/gm)) kinds.push(match[1] ?? "");
        for (const match of frames.matchAll(/^data: (.+)$/gm)) data.push(JSON.parse(match[1] ?? "null"));
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
    const data: unknown[] = [];
    const kinds = await subscribe(url, data);
    const metric = (state: string) =>
      metricValue(observer.node.metrics, "gossip_membership_peers", { state });

    const member = await cluster.startNode({ bootstrap: [observer.node.address] });
    await waitForConvergence([observer, member], 10_000);
    await waitFor(() => kinds.includes("joined"), "a joined event");
    expect(data).toContainEqual(
      expect.objectContaining({
        kind: "joined",
        pki_id: member.node.self().pkiId,
        internal_endpoint: member.node.self().internalEndpoint,
        msp_id: "Org1MSP",
      }),
    );
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

describe("connections and identity as the operator sees them", () => {
  interface PeerJson {
    endpoint: string;
    direction: string;
    bootstrap: boolean;
    state: string;
    pki_id?: string;
  }
  const peersOf = async (url: string) =>
    ((await (await fetch(`${url}/v1/peers`)).json()) as { peers: PeerJson[] }).peers;

  it("lists the bootstrap dial as outbound and the member's link on both sides, one of them inbound", async () => {
    cluster = new Cluster(org);
    const observer = await cluster.startNode();
    const member = await cluster.startNode({ bootstrap: [observer.node.address] });
    await waitForConvergence([observer, member], 10_000);
    const [observerUrl, memberUrl] = [await adminFor(observer.node), await adminFor(member.node)];
    const [observerId, memberId] = [observer.node.self().pkiId, member.node.self().pkiId];

    await waitFor(async () => {
      const [seenByObserver, seenByMember] = [await peersOf(observerUrl), await peersOf(memberUrl)];
      const links = [
        ...seenByObserver.filter((p) => p.pki_id === memberId),
        ...seenByMember.filter((p) => p.pki_id === observerId && !p.bootstrap),
      ];
      return (
        seenByMember.some(
          (p) =>
            p.bootstrap && p.direction === "outbound" && p.state === "connected" && p.pki_id === observerId,
        ) &&
        links.filter((p) => p.direction === "inbound").length === 1 &&
        links.every((p) => p.state === "connected")
      );
    }, "the bootstrap dial and one inbound link");
  });

  it("answers one member by PKI-ID, and says gossip runs without TLS", async () => {
    cluster = new Cluster(org);
    const observer = await cluster.startNode();
    const member = await cluster.startNode({ bootstrap: [observer.node.address] });
    await waitForConvergence([observer, member], 10_000);
    const url = await adminFor(observer.node);
    const memberId = member.node.self().pkiId;
    const one = (await (await fetch(`${url}/v1/members/${memberId.toUpperCase()}`)).json()) as {
      pki_id: string;
      msp_id: string;
      state: string;
    };
    expect(one).toMatchObject({ pki_id: memberId, msp_id: "Org1MSP", state: "alive" });
    const self = (await (await fetch(`${url}/v1/self`)).json()) as { gossip_tls: unknown };
    expect(self.gossip_tls).toEqual({ enabled: false, client_auth_required: false });
  });
});

describe("traces from connect to ack", () => {
  const spansNamed = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const idOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
  const RPC = { "rpc.system": "grpc", "rpc.service": "gossip.Gossip", "rpc.method": "GossipStream" };

  it("shows one join in one trace across both nodes: CLIENT spans on the dialer, SERVER spans on the responder", async () => {
    const dialer = tracerForTests();
    const responder = tracerForTests();
    cluster = new Cluster(org);
    const first = await cluster.startNode({ tracer: responder.tracer, propagator: responder.propagator });
    const second = await cluster.startNode({
      bootstrap: [first.node.address],
      tracer: dialer.tracer,
      propagator: dialer.propagator,
    });
    await waitFor(
      () =>
        spansNamed(dialer.exporter.getFinishedSpans(), "gossip.connect").length === 1 &&
        spansNamed(responder.exporter.getFinishedSpans(), "gossip.handle_membership_request").length === 1,
      "the join's spans on both nodes",
    );
    expect(second.node.readiness().ready).toBe(true);
    const ours = dialer.exporter.getFinishedSpans();
    const theirs = responder.exporter.getFinishedSpans();
    const [root] = spansNamed(ours, "gossip.connect");
    if (!root) throw new Error("no root span");
    const traceId = root.spanContext().traceId;
    expect(parentOf(root)).toBeUndefined();
    expect(root.status.code).toBe(SpanStatusCode.OK);
    const port = Number(first.node.address.split(":")[1]);
    expect(root.attributes).toMatchObject({ ...RPC, "server.address": "127.0.0.1", "server.port": port });

    // The dialer: connect -> handshake (probe stream) and membership request (connection stream).
    const [handshake] = spansNamed(ours, "gossip.handshake");
    const [request] = spansNamed(ours, "gossip.membership_request");
    for (const span of [root, handshake, request]) expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(handshake as ReadableSpan)).toBe(idOf(root));
    expect(parentOf(request as ReadableSpan)).toBe(idOf(root));
    expect(request?.attributes["gossip.outcome"]).toBe("acked");

    // The responder: in the dialer's trace, each SERVER span a child of the CLIENT span whose stream it answered.
    const served = theirs.filter((s) => s.spanContext().traceId === traceId);
    for (const span of served) {
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.attributes).toMatchObject({ ...RPC, "network.peer.address": "127.0.0.1" });
      expect(span.attributes["network.peer.port"]).toEqual(expect.any(Number));
    }
    const probe = served.find((s) => s.name === "gossip.handshake" && s.attributes["gossip.probe"] === true);
    const stream = served.find(
      (s) => s.name === "gossip.handshake" && s.attributes["gossip.probe"] === false,
    );
    const [handled] = spansNamed(served, "gossip.handle_membership_request");
    expect(parentOf(probe as ReadableSpan)).toBe(idOf(handshake));
    expect(parentOf(stream as ReadableSpan)).toBe(idOf(request));
    expect(parentOf(handled as ReadableSpan)).toBe(idOf(request));
    expect(handled?.attributes["gossip.nonce"]).toBe(request?.attributes["gossip.nonce"]);
    expect(handled?.attributes["gossip.peer.pki_id"]).toBe(second.node.self().pkiId);
  });

  it("records a refused inbound handshake as a SERVER span with the reason", async () => {
    const { tracer, exporter } = tracerForTests();
    cluster = new Cluster(org);
    const { node } = await cluster.startNode({ tracer });
    const strangers = await makeOrg("Org9MSP");
    const stranger = await startComm(await strangers.newPeer(), validatorFor(org, strangers));
    comms.push(stranger);
    // The probe may end on the stranger's side before the node has judged its ConnEstablish.
    await stranger.comm.handshake(node.address).catch(() => undefined);
    await waitFor(
      () => exporter.getFinishedSpans().some((s) => s.name === "gossip.handshake"),
      "the handshake span",
    );
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === "gossip.handshake");
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({ ...RPC, "gossip.outcome": "untrusted_identity" });
  });

  it("ends each root with its attempt when the acked send gives up: the retry is a root of its own, linked", async () => {
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
      () => spansNamed(exporter.getFinishedSpans(), "gossip.membership_request").length === 2,
      "both membership request attempts",
      10_000,
    );
    const spans = exporter.getFinishedSpans();
    const [root] = spansNamed(spans, "gossip.connect");
    expect(root?.status.code).toBe(SpanStatusCode.ERROR);
    expect(root?.attributes["gossip.outcome"]).toBe("ack_timeout");
    const [first, retry] = spansNamed(spans, "gossip.membership_request");
    expect([first, retry].map((s) => s?.attributes["gossip.outcome"])).toEqual(["timeout", "timeout"]);
    expect(parentOf(first as ReadableSpan)).toBe(idOf(root));
    expect(parentOf(retry as ReadableSpan)).toBeUndefined();
    expect(retry?.links.map((link) => link.context.spanId)).toEqual([idOf(root)]);
  });
});
