// A member whose peer comes back at the same endpoint with a renewed
// certificate (a new PKI-ID of the same org): comm reports the old PKI-ID
// through identityChanges and discovery purges it at once, as Fabric's
// handleEvents does, instead of keeping a ghost until its alive message expires.
import { afterEach, describe, expect, it } from "vitest";
import { metric, TEST_TIMINGS, TestCluster, type TestNode } from "./fixtures.js";

let cluster: TestCluster;
afterEach(async () => {
  await cluster?.stopAll();
});

const TTL = TEST_TIMINGS.aliveExpirationTimeout * TEST_TIMINGS.msgExpirationFactor;

/** a and b see each other; then b stops and a declares it dead. */
async function deadMember(): Promise<[TestNode, TestNode]> {
  cluster = new TestCluster();
  await cluster.trust("Org1MSP", "Org2MSP");
  const a = await cluster.addNode({ endpoint: "a:7051" });
  const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
  await cluster.until(() => a.alive().includes(b.hex), "a sees b");
  await b.stop();
  await cluster.until(() => a.discovery.member(b.hex)?.state === "dead", "a declares b dead");
  return [a, b];
}

describe("identity switch", () => {
  it("purges a member at once when its endpoint answers with a renewed certificate of the same org", async () => {
    const [a, b] = await deadMember();
    expect(a.identities.has(b.hex)).toBe(true);
    // b's peer restarts with a new certificate, at the same endpoint, bootstrapping to nobody:
    // only a's reconnect loop reaches it, dialing b's endpoint and expecting b's old PKI-ID.
    const renewed = await cluster.addNode({ endpoint: "b:7051" });
    const waited = await cluster.until(
      () => a.discovery.member(b.hex) === undefined,
      "b's old PKI-ID purged",
    );
    expect(waited).toBeLessThanOrEqual(TEST_TIMINGS.reconnectInterval + 50);
    expect(waited).toBeLessThan(TTL);
    expect(a.identities.has(b.hex)).toBe(false);
    expect(a.events.filter((e) => e.kind === "purged").map((e) => e.pkiId)).toEqual([b.hex]);
    expect(await metric(a.metrics.membershipPeers, { state: "dead" })).toBe(0);
    // The request that found the new peer reached it: each learns the other.
    await cluster.until(
      () => a.alive().includes(renewed.hex) && renewed.alive().includes(a.hex),
      "a and the renewed peer see each other",
    );
    expect(a.discovery.members().map((m) => m.pkiId)).toEqual([renewed.hex]);
  });

  it("keeps the member, and refuses the connection, when a peer of another org answers at its endpoint", async () => {
    const [a, b] = await deadMember();
    const failedBefore = a.comm.failedSends;
    const impostor = await cluster.addNode({ org: "Org2MSP", endpoint: "b:7051" });
    await cluster.clock.advance(TEST_TIMINGS.reconnectInterval * 3);
    expect(a.comm.failedSends).toBeGreaterThan(failedBefore); // pki_id_mismatch: the request never left
    expect(a.discovery.member(b.hex)?.state).toBe("dead");
    expect(a.identities.has(b.hex)).toBe(true);
    expect(a.discovery.member(impostor.hex)).toBeUndefined();
    expect(a.events.map((e) => e.kind)).not.toContain("purged");
  });

  it("does not purge twice: the old PKI-ID's alive message expiring later changes nothing", async () => {
    const [a, b] = await deadMember();
    await cluster.addNode({ endpoint: "b:7051" });
    await cluster.until(() => a.discovery.member(b.hex) === undefined, "b's old PKI-ID purged");
    await cluster.clock.advance(2 * TTL);
    expect(await metric(a.metrics.membershipEvents, { kind: "purged" })).toBe(1);
  });
});
