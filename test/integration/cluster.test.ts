import { createServer } from "node:net";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FAST_TIMINGS } from "../../src/config/gossip-config.js";
import { emptyMessage } from "../../src/protocol/messages.js";
import { signMessage } from "../../src/protocol/signed-message.js";
import { aliveIds, Cluster, stateOf, waitForConvergence } from "../support/cluster.js";
import { type CommUnderTest, metricValue, startComm } from "../support/comm-fixture.js";
import { makeOrg, type TestOrg, validatorFor } from "../support/identities.js";
import { nextWithin, waitFor } from "../support/wait.js";

let org: TestOrg;
let cluster: Cluster;

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  await cluster?.stopAll();
});

/** A TCP port nobody listens on right now, for a node that must know its address before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("in-process clusters over gRPC", () => {
  it("10 nodes bootstrapped from one converge: each sees the other 9 alive", async () => {
    cluster = new Cluster(org);
    const nodes = await cluster.startMany(10, (i, started) =>
      i === 0 ? [] : [started[0]?.node.address ?? ""],
    );
    await waitForConvergence(nodes, 20_000);
    for (const { node } of nodes) expect(aliveIds(node)).toHaveLength(9);
  });

  it("30 nodes bootstrapped in a chain converge", async () => {
    cluster = new Cluster(org);
    // Thirty nodes share two cores here: heartbeats every second keep the load (each alive message
    // is verified by every node) well below saturation, so the test measures the protocol, not the CPU.
    const timings = {
      aliveTimeInterval: 1_000,
      aliveExpirationTimeout: 8_000,
      reconnectInterval: 1_000,
      membershipAckTimeout: 1_000,
      publishCertPeriod: 3_000,
      pullInterval: 1_000,
      pullDigestWait: 400,
      pullRequestWait: 700,
      pullResponseWait: 800,
    };
    const nodes = await cluster.startMany(
      30,
      (i, started) => (i === 0 ? [] : [started[i - 1]?.node.address ?? ""]),
      { timings },
    );
    // Convergence speed is measured by bench:cluster, not here: on a loaded 2-core machine 30 nodes
    // in one process have taken anywhere from 8 s to 60 s, so the deadline only bounds the wait.
    await waitForConvergence(nodes, 110_000);
    for (const { node } of nodes) expect(aliveIds(node)).toHaveLength(29);
  }, 150_000);

  it("declares a stopped node dead everywhere within aliveExpirationTimeout plus one check, and resurrects it on restart", async () => {
    cluster = new Cluster(org);
    const nodes = await cluster.startMany(4, (i, started) =>
      i === 0 ? [] : [started[0]?.node.address ?? ""],
    );
    await waitForConvergence(nodes, 20_000);
    const victim = nodes[3];
    if (!victim) throw new Error("no victim");
    const victimId = victim.node.self().pkiId;
    const oldIncNum = BigInt(victim.node.self().incNum);
    const victimAddress = victim.node.address;
    const others = nodes.slice(0, 3);

    await cluster.stopNode(victim);
    const bound = FAST_TIMINGS.aliveExpirationTimeout + FAST_TIMINGS.aliveExpirationTimeout / 10;
    // Scheduling slack on a loaded 2-core machine; the bound itself is what the test is about.
    await waitFor(
      () => others.every(({ node }) => stateOf(node, victimId) === "dead"),
      "the stopped node to be declared dead by all",
      bound + 1_000,
    );

    const restarted = await cluster.startNode({
      peer: victim.peer,
      listenAddress: victimAddress,
      bootstrap: [others[0]?.node.address ?? ""],
    });
    expect(BigInt(restarted.node.self().incNum)).toBeGreaterThan(oldIncNum);
    await waitFor(
      () => others.every(({ node }) => stateOf(node, victimId) === "alive"),
      "the restarted node to be resurrected everywhere",
      10_000,
    );
    for (const { node } of others) {
      expect(BigInt(node.members().find((m) => m.pkiId === victimId)?.incNum ?? "0")).toBe(
        BigInt(restarted.node.self().incNum),
      );
      expect(
        await metricValue(node.metrics, "gossip_membership_events_total", { kind: "resurrected" }),
      ).toBeGreaterThanOrEqual(1);
    }
  });

  it("keeps retrying an unreachable bootstrap peer without holding up the reachable one", async () => {
    cluster = new Cluster(org);
    const first = await cluster.startNode();
    const second = await cluster.startNode({ bootstrap: ["127.0.0.1:1", first.node.address] });
    await waitForConvergence([first, second], 10_000);
    await waitFor(
      () => (second.node.peers().find((p) => p.endpoint === "127.0.0.1:1")?.attempts ?? 0) >= 2,
      "a second attempt at the unreachable bootstrap peer",
      10_000,
    );
    const unreachable = second.node.peers().find((p) => p.endpoint === "127.0.0.1:1");
    expect(unreachable?.lastError?.reason).toBe("dial");
    expect(second.node.readiness().ready).toBe(true);
  });

  it("a seed whose bootstrap list names only itself is ready at once, and others join through it", async () => {
    cluster = new Cluster(org);
    const address = `127.0.0.1:${await freePort()}`;
    const seed = await cluster.startNode({ listenAddress: address, bootstrap: [address] });
    expect(seed.node.readiness()).toEqual({ ready: true, reasons: [] });
    expect(seed.node.peers()).toEqual([]);
    const joiner = await cluster.startNode({ bootstrap: [address] });
    await waitForConvergence([seed, joiner], 10_000);
    await waitFor(() => joiner.node.readiness().ready, "the joiner acked by the seed", 10_000);
  });

  it("converges with no external endpoint on any node (the production default), a late joiner included", async () => {
    cluster = new Cluster(org);
    const nodes = await cluster.startMany(
      3,
      (i, started) => (i === 0 ? [] : [started[0]?.node.address ?? ""]),
      {
        externalEndpoint: "",
      },
    );
    await waitForConvergence(nodes, 20_000);
    // Past publishCertPeriod, a new node verifies the others' alive messages only through identity pull.
    const certsPublishedUntil =
      Math.max(...nodes.map(({ node }) => node.self().startedAt)) + FAST_TIMINGS.publishCertPeriod;
    await waitFor(() => Date.now() > certsPublishedUntil, "every node's publishCertPeriod to end", 5_000);
    const late = await cluster.startNode({ bootstrap: [nodes[0]?.node.address ?? ""], externalEndpoint: "" });
    await waitForConvergence([...nodes, late], 20_000);
    for (const { node } of [...nodes, late]) {
      for (const member of node.members()) expect(member).toMatchObject({ endpoint: "", mspId: "Org1MSP" });
      expect(node.members().every((m) => m.internalEndpoint?.startsWith("127.0.0.1:"))).toBe(true);
    }
  });

  it("purges a member at once when its address answers with a renewed certificate of the same org", async () => {
    cluster = new Cluster(org);
    const first = await cluster.startNode();
    const address = `127.0.0.1:${await freePort()}`;
    const old = await cluster.startNode({ listenAddress: address, bootstrap: [first.node.address] });
    await waitForConvergence([first, old], 10_000);
    const oldId = old.node.self().pkiId;
    await cluster.stopNode(old);
    await waitFor(() => stateOf(first.node, oldId) === "dead", "the stopped node declared dead", 5_000);

    // Same address, new certificate (a new PKI-ID of the same org), no bootstrap peer:
    // only first's reconnect loop, dialing the old member's address, finds it.
    const renewed = await cluster.startNode({ listenAddress: address });
    const renewedId = renewed.node.self().pkiId;
    await waitFor(() => stateOf(first.node, oldId) === undefined, "the old PKI-ID purged", 5_000);
    await waitForConvergence([first, renewed], 10_000);
    expect(aliveIds(first.node)).toEqual([renewedId]);
    expect(await metricValue(first.node.metrics, "gossip_membership_events_total", { kind: "purged" })).toBe(
      1,
    );
  });
});

describe("replies over gRPC", () => {
  const signedEmpty = (from: CommUnderTest) =>
    signMessage(emptyMessage(), (d) => from.peer.signingIdentity.sign(d));

  it("drops a reply whose inbound stream has closed instead of dialing the remote's ephemeral port", async () => {
    const a = await startComm(await org.newPeer(), validatorFor(org));
    const b = await startComm(await org.newPeer(), validatorFor(org));
    try {
      const inbox = b.comm.messages()[Symbol.asyncIterator]();
      a.comm.send(signedEmpty(a), { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId });
      const received = await nextWithin(inbox, "a's message at b");
      a.comm.closeConnection(b.peer.signingIdentity.pkiId);
      await waitFor(() => b.comm.connectedPeers().length === 0, "b to see the stream closed", 5_000);
      const send = vi.spyOn(b.comm, "send");
      received.respond(signedEmpty(b));
      expect(send).not.toHaveBeenCalled(); // no dial to a's ephemeral port, so a is not presumed dead
      expect(await metricValue(b.metrics, "gossip_messages_dropped_total", { reason: "stale" })).toBe(1);
    } finally {
      await Promise.all([a.comm.stop(), b.comm.stop()]);
    }
  });
});
