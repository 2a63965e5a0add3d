// Failure detection and recovery over time: expiry, presumed dead, reconnect
// and resurrection, purge, and a clean stop.
import { afterEach, describe, expect, it, vi } from "vitest";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import { metric, TEST_TIMINGS, TestCluster, type TestNode } from "./fixtures.js";

let cluster: TestCluster;
afterEach(async () => {
  await cluster?.stopAll();
});

async function pair(): Promise<[TestNode, TestNode]> {
  cluster = new TestCluster();
  const a = await cluster.addNode({ endpoint: "a:7051" });
  const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
  await cluster.until(() => a.alive().includes(b.hex) && b.alive().includes(a.hex), "a and b see each other");
  return [a, b];
}

const CHECK_INTERVAL = TEST_TIMINGS.aliveExpirationTimeout / 10;

describe("failure detection", () => {
  it("declares a silent member dead after aliveExpirationTimeout plus one check interval, and closes its connection", async () => {
    const [a, b] = await pair();
    const closeConnection = vi.spyOn(a.comm, "closeConnection");
    cluster.network.drop({ from: "b:7051", to: "a:7051" });
    const lastSeen = a.discovery.member(b.hex)?.lastSeen as number;
    await cluster.clock.advance(lastSeen + TEST_TIMINGS.aliveExpirationTimeout - cluster.clock.now());
    expect(a.discovery.member(b.hex)?.state).toBe("alive");
    await cluster.clock.advance(CHECK_INTERVAL + 1);
    expect(a.discovery.member(b.hex)).toMatchObject({ state: "dead", lastSeen });
    expect(closeConnection.mock.calls.map(([id]) => pkiIdHex(id))).toEqual([b.hex]);
    expect(a.events.filter((e) => e.kind === "dead").map((e) => e.pkiId)).toEqual([b.hex]);
    expect(await metric(a.metrics.membershipPeers, { state: "dead" })).toBe(1);
    expect(await metric(a.metrics.totalPeersKnown)).toBe(0);
  });

  it("marks a member dead at once when a send to it fails", async () => {
    const [a, b] = await pair();
    await b.comm.stop(); // b crashes: a's next alive to b fails
    const waited = await cluster.until(
      () => a.discovery.member(b.hex)?.state === "dead",
      "b presumed dead",
      5_000,
      10,
    );
    expect(waited).toBeLessThanOrEqual(TEST_TIMINGS.aliveTimeInterval + 10);
  });
});

describe("recovery", () => {
  it("reconnects to a dead member that answers pings and resurrects it with its new incNum", async () => {
    const [a, b] = await pair();
    await b.stop();
    await cluster.until(() => a.discovery.member(b.hex)?.state === "dead", "b dead");
    const oldIncNum = BigInt(a.discovery.member(b.hex)?.incNum as string);
    await cluster.clock.advance(2_000);
    // b restarts without bootstrap peers: only a's reconnect loop can find it.
    const b2 = await cluster.addNode({ endpoint: "b:7051", signer: b.signer });
    await cluster.until(() => a.discovery.member(b.hex)?.state === "alive", "b resurrected", 5_000);
    expect(BigInt(a.discovery.member(b.hex)?.incNum as string)).toBeGreaterThan(oldIncNum);
    expect(a.events.map((e) => e.kind)).toEqual(["joined", "dead", "resurrected"]);
    await cluster.until(() => b2.alive().includes(a.hex), "restarted b learns a from a's membership request");
  });

  it("pings a dead member once per reconnectInterval while its pings fail, without resurrecting it", async () => {
    const [a, b] = await pair();
    cluster.network.drop({ from: "b:7051", to: "a:7051" });
    cluster.network.failPing("b:7051");
    await cluster.until(() => a.discovery.member(b.hex)?.state === "dead", "b dead");
    const ping = vi.spyOn(a.comm, "ping");
    await cluster.clock.advance(TEST_TIMINGS.reconnectInterval * 3);
    expect(ping.mock.calls.map(([peer]) => peer.endpoint)).toEqual(["b:7051", "b:7051", "b:7051"]);
    expect(a.discovery.member(b.hex)?.state).toBe("dead");
  });
});

describe("purge", () => {
  it("forgets a dead member after aliveExpirationTimeout x msgExpirationFactor, identity included, but keeps bootstrap peers", async () => {
    cluster = new TestCluster();
    const seed = await cluster.addNode({ endpoint: "seed:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["seed:7051"] });
    const c = await cluster.addNode({ endpoint: "c:7051", bootstrap: ["seed:7051"] });
    await cluster.until(() => b.alive().length === 2, "b sees seed and c");
    expect(b.identities.has(c.hex)).toBe(true);
    await seed.stop();
    await c.stop();
    await cluster.until(() => b.dead().length === 2, "b sees both dead");
    const ttl = TEST_TIMINGS.aliveExpirationTimeout * TEST_TIMINGS.msgExpirationFactor;
    await cluster.until(() => b.discovery.member(c.hex) === undefined, "c purged", ttl + 1_000);
    expect(b.identities.has(c.hex)).toBe(false);
    expect(b.events.filter((e) => e.kind === "purged").map((e) => e.pkiId)).toEqual([c.hex]);
    await cluster.clock.advance(ttl * 2);
    expect(b.discovery.member(seed.hex)?.state).toBe("dead");
    expect(await metric(b.metrics.membershipEvents, { kind: "purged" })).toBe(1);
  });
});

describe("stop", () => {
  it("cancels every timer and wait: the clock has no pending timers afterwards", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051", "nowhere:7051"] });
    cluster.network.drop({ kind: "mem_res" }); // b's request to a stays unacked
    await cluster.clock.advance(TEST_TIMINGS.membershipAckTimeout + 100); // now sleeping before a resend
    expect(
      b.discovery
        .connections()
        .map((c) => c.state)
        .sort(),
    ).toEqual(["awaiting_ack", "failed"]);
    expect(cluster.clock.pendingTimers()).toBeGreaterThan(0);
    await cluster.stopAll();
    expect(cluster.clock.pendingTimers()).toBe(0);
    expect(await metric(b.metrics.membershipRequests, { outcome: "aborted" })).toBe(1);
    expect(
      b.discovery.connections().every((c) => c.state === "gave_up" && c.lastError?.reason === "stopped"),
    ).toBe(true);
    // Nothing runs any more: no message is sent, and a's expiry check would long have declared b dead.
    expect(a.discovery.member(b.hex)?.state).toBe("alive");
    const before = { members: a.discovery.members(), peers: b.discovery.connections() };
    const traffic: string[] = [];
    cluster.network.observe(({ from, kind }) => traffic.push(`${from} ${kind}`));
    await cluster.clock.advance(10 * TEST_TIMINGS.aliveExpirationTimeout);
    expect(traffic).toEqual([]);
    expect(a.discovery.member(b.hex)?.state).toBe("alive");
    expect({ members: a.discovery.members(), peers: b.discovery.connections() }).toEqual(before);
  });
});
