// Beyond Fabric: a node that was itself stalled does not declare its members
// dead before reading what waits for it; a purged member's replayed alive
// message does not bring it back, while a restarted member does come back.
import { afterEach, describe, expect, it } from "vitest";
import type { PeerTime } from "../../../src/protocol/messages.js";
import {
  at,
  craftAlive,
  internals,
  metric,
  type RemotePeerUnderTest,
  receivedFrom,
  remotePeer,
  T0,
  TEST_TIMINGS,
  TestCluster,
  type TestNode,
} from "./fixtures.js";

const TTL = TEST_TIMINGS.aliveExpirationTimeout * TEST_TIMINGS.msgExpirationFactor;

let cluster: TestCluster;
afterEach(async () => {
  await cluster?.stopAll();
});

function aliveFrom(node: TestNode, peer: RemotePeerUnderTest, time: PeerTime) {
  const message = craftAlive(peer.signer, { endpoint: peer.endpoint, time });
  node.discovery.handleMsgFromComm(receivedFrom(peer, cluster.validator(), message));
}

describe("pause-tolerant failure detection", () => {
  it("after its own stall, reads what waits and gives every member a grace period before declaring it dead", async () => {
    cluster = new TestCluster();
    const node = await cluster.addNode({ endpoint: "x:7051" });
    const r1 = await remotePeer(cluster, "r1:7051");
    aliveFrom(node, r1, at(1));
    await cluster.clock.advance(TEST_TIMINGS.aliveExpirationTimeout / 2);
    // The process is frozen for twice the expiry: no timer runs, r1's next message waits in the queue.
    await cluster.clock.jump(2 * TEST_TIMINGS.aliveExpirationTimeout);
    expect(node.discovery.member(r1.hex)?.state).toBe("alive");
    expect(await metric(node.metrics.localStalls)).toBe(1);
    aliveFrom(node, r1, at(2)); // what waited is read
    await cluster.clock.advance(TEST_TIMINGS.aliveExpirationTimeout / 2);
    expect(node.discovery.member(r1.hex)?.state).toBe("alive");
    // Silent from then on: dead one expiry after its last message, as usual.
    await cluster.until(() => node.discovery.member(r1.hex)?.state === "dead", "r1 declared dead");
    expect(node.events.map((e) => e.kind)).toEqual(["joined", "dead"]);
  });

  it("without a stall, declares a silent member dead after the expiry as before", async () => {
    cluster = new TestCluster();
    const node = await cluster.addNode({ endpoint: "x:7051" });
    const r1 = await remotePeer(cluster, "r1:7051");
    aliveFrom(node, r1, at(1));
    const waited = await cluster.until(() => node.discovery.member(r1.hex)?.state === "dead", "r1 dead");
    expect(waited).toBeLessThanOrEqual(TEST_TIMINGS.aliveExpirationTimeout * 1.2);
    expect(await metric(node.metrics.localStalls)).toBe(0);
  });
});

describe("no zombies", () => {
  async function purgedMember() {
    cluster = new TestCluster();
    const node = await cluster.addNode({ endpoint: "x:7051", start: false });
    const r1 = await remotePeer(cluster, "r1:7051");
    aliveFrom(node, r1, at(7));
    internals(node.discovery).expireDeadMembers([r1.hex]);
    // Long enough that the alive store has forgotten r1's message, not only expired it.
    for (let i = 0; i < 2; i++) {
      await cluster.clock.advance(TTL + 1);
      internals(node.discovery).aliveStore.expire();
    }
    expect(node.discovery.member(r1.hex)).toBeUndefined();
    return { node, r1 };
  }

  it("does not resurrect a purged member from a replay of its old alive messages", async () => {
    const { node, r1 } = await purgedMember();
    aliveFrom(node, r1, at(7));
    aliveFrom(node, r1, at(3));
    expect(node.discovery.member(r1.hex)).toBeUndefined();
    expect(await metric(node.metrics.messagesDropped, { reason: "stale" })).toBe(2);
    expect(node.events.map((e) => e.kind)).toEqual(["joined", "dead", "purged"]);
  });

  it("takes back a purged member that restarted (higher inc_num) or spoke again (higher seq_num)", async () => {
    const { node, r1 } = await purgedMember();
    aliveFrom(node, r1, at(1, T0 + 1n));
    expect(node.discovery.member(r1.hex)).toMatchObject({ state: "alive", incNum: String(T0 + 1n) });
    const again = await purgedMember();
    aliveFrom(again.node, again.r1, at(8));
    expect(again.node.discovery.member(again.r1.hex)?.state).toBe("alive");
  });
});
