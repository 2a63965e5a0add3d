import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAST_TIMINGS } from "../../src/config/gossip-config.js";
import { aliveIds, Cluster, stateOf, waitForConvergence } from "../support/cluster.js";
import { metricValue } from "../support/comm-fixture.js";
import { makeOrg, type TestOrg } from "../support/identities.js";
import { waitFor } from "../support/wait.js";

let org: TestOrg;
let cluster: Cluster;

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  await cluster.stopAll();
});

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
    await waitForConvergence(nodes, 60_000);
    for (const { node } of nodes) expect(aliveIds(node)).toHaveLength(29);
  }, 120_000);

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
});
