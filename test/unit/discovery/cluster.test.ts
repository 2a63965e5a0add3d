import { afterEach, describe, expect, it } from "vitest";
import { metric, TEST_TIMINGS, TestCluster, type TestNode } from "./fixtures.js";

describe("discovery cluster over the in-memory network", () => {
  let cluster: TestCluster;
  afterEach(async () => {
    await cluster?.stopAll();
  });

  it("a node joins through its bootstrap peer and both see each other alive", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    await cluster.until(() => a.alive().includes(b.hex) && b.alive().includes(a.hex), "mutual membership");
    expect(b.discovery.readiness().ready).toBe(true);
    expect(b.discovery.connections()).toMatchObject([
      { endpoint: "a:7051", state: "connected", bootstrap: true, attempts: 1, pkiId: a.hex },
    ]);
    expect(await metric(b.metrics.membershipRequests, { outcome: "acked" })).toBe(1);
    expect(b.events.map((e) => e.kind)).toContain("joined");
  });

  it("a 5-node cluster converges: every node sees the 4 others alive", async () => {
    cluster = new TestCluster();
    const seed = await cluster.addNode({ endpoint: "seed:7051" });
    const others: TestNode[] = [];
    for (let i = 0; i < 4; i++) others.push(await cluster.addNode({ bootstrap: ["seed:7051"] }));
    const all = [seed, ...others];
    await cluster.until(
      () => all.every((n) => n.alive().length === 4 && n.dead().length === 0),
      "full membership on every node",
    );
    for (const n of all) {
      expect(new Set(n.alive())).toEqual(new Set(all.filter((m) => m !== n).map((m) => m.hex)));
      expect(await metric(n.metrics.totalPeersKnown)).toBe(4);
    }
  });

  it("converges with no external endpoint on any node (the production default), late joiners included", async () => {
    cluster = new TestCluster();
    const seed = await cluster.addNode({ endpoint: "seed:7051", externalEndpoint: "" });
    const all: TestNode[] = [seed];
    for (let i = 0; i < 4; i++)
      all.push(await cluster.addNode({ externalEndpoint: "", bootstrap: ["seed:7051"] }));
    const converged = () => all.every((n) => n.alive().length === all.length - 1 && n.dead().length === 0);
    await cluster.until(converged, "in-org membership without external endpoints");
    // Past everyone's publishCertPeriod: a new node verifies the others only through identity pull.
    await cluster.clock.advance(2 * TEST_TIMINGS.publishCertPeriod);
    all.push(await cluster.addNode({ externalEndpoint: "", bootstrap: ["seed:7051"] }));
    await cluster.until(converged, "the late joiner too");
    for (const n of all) {
      for (const m of n.discovery.members()) {
        const peer = all.find((p) => p.hex === m.pkiId);
        expect(m).toMatchObject({ endpoint: "", internalEndpoint: peer?.endpoint, mspId: "Org1MSP" });
      }
    }
  });

  it("attaches its identity to its alive messages only during publishCertPeriod after start", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    const startedAt = cluster.clock.now();
    const fromA: { at: number; withIdentity: boolean }[] = [];
    cluster.network.observe(({ signed, kind }) => {
      const alive = signed.message.aliveMsg;
      if (kind !== "alive" || Buffer.from(alive?.membership?.pkiId ?? []).toString("hex") !== a.hex) return;
      fromA.push({ at: cluster.clock.now() - startedAt, withIdentity: (alive?.identity?.length ?? 0) > 0 });
    });
    await cluster.clock.advance(TEST_TIMINGS.publishCertPeriod * 2);
    const early = fromA.filter((m) => m.at < TEST_TIMINGS.publishCertPeriod);
    const late = fromA.filter((m) => m.at >= TEST_TIMINGS.publishCertPeriod);
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect(early.every((m) => m.withIdentity)).toBe(true);
    expect(late.some((m) => m.withIdentity)).toBe(false);
  });

  it("gossips its alive message to propagatePeerNum members and syncs with pullPeerNum members, on schedule", async () => {
    cluster = new TestCluster();
    const seed = await cluster.addNode({ endpoint: "seed:7051" });
    const others: TestNode[] = [];
    for (let i = 0; i < 4; i++) others.push(await cluster.addNode({ bootstrap: ["seed:7051"] }));
    await cluster.until(() => [seed, ...others].every((n) => n.alive().length === 4), "convergence");
    const sent = { alive: 0, memReq: 0 };
    cluster.network.observe(({ from, signed, kind }) => {
      if (from !== "seed:7051") return;
      const origin = Buffer.from(signed.message.aliveMsg?.membership?.pkiId ?? []).toString("hex");
      if (kind === "alive" && origin === seed.hex) sent.alive++;
      if (kind === "mem_req") sent.memReq++;
    });
    await cluster.clock.advance(TEST_TIMINGS.pullInterval * 5); // 2 000 ms: 10 alive rounds, 5 syncs
    expect(sent.alive).toBe(10 * TEST_TIMINGS.propagatePeerNum);
    expect(sent.memReq).toBe(5 * TEST_TIMINGS.pullPeerNum);
  });

  it("advertises new metadata with its next alive message", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    await cluster.until(() => b.alive().includes(a.hex), "b sees a");
    a.discovery.updateMetadata(new Uint8Array([1, 2, 3]));
    await cluster.until(() => b.discovery.member(a.hex)?.metadata === "AQID", "b sees a's metadata");
    expect(b.events.filter((e) => e.kind === "updated").map((e) => e.pkiId)).toEqual([a.hex]);
    expect(a.discovery.self().metadata).toBe("AQID");
  });
});
