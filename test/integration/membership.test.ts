// The join flow's failure paths and its defences, over real gRPC.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { pkiIdHex } from "../../src/identity/pki-id.js";
import { gossip } from "../../src/protocol/generated/wire.js";
import { toBigInt } from "../../src/protocol/long.js";
import { aliveMessage, membershipRequest, randomNonce } from "../../src/protocol/messages.js";
import { signMessage, unsignedMessage } from "../../src/protocol/signed-message.js";
import { aliveIds, Cluster, waitForConvergence } from "../support/cluster.js";
import { type CommUnderTest, metricValue, startComm } from "../support/comm-fixture.js";
import { makeOrg, type TestOrg, validatorFor } from "../support/identities.js";
import { freePort } from "../support/processes.js";
import { nextWithin, waitFor } from "../support/wait.js";

let org: TestOrg;
let cluster: Cluster;
const comms: CommUnderTest[] = [];

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  await cluster?.stopAll();
  await Promise.all(comms.splice(0).map((c) => c.comm.stop()));
});

async function rawPeer(): Promise<CommUnderTest> {
  const started = await startComm(await org.newPeer(), validatorFor(org));
  comms.push(started);
  return started;
}

describe("the acked membership request", () => {
  it("retries a bootstrap peer that drops membership requests, then gives up after maxConnectionAttempts", async () => {
    // A peer that handshakes but never answers: nothing consumes its messages.
    const deaf = await rawPeer();
    cluster = new Cluster(org);
    const { node } = await cluster.startNode({
      bootstrap: [deaf.address],
      timings: { maxConnectionAttempts: 3, membershipAckTimeout: 200, reconnectInterval: 100 },
    });
    await waitFor(
      async () =>
        (await metricValue(node.metrics, "gossip_membership_requests_total", { outcome: "gave_up" })) === 1,
      "the acked send to give up",
      15_000,
    );
    // Three attempts: the first send and two retries.
    expect(await metricValue(node.metrics, "gossip_membership_request_retries_total")).toBe(2);
    expect(await metricValue(node.metrics, "gossip_membership_requests_total", { outcome: "acked" })).toBe(0);
    const peer = node.peers().find((p) => p.endpoint === deaf.address);
    expect(peer?.state).toBe("gave_up");
    expect(node.readiness().ready).toBe(false);
  });
});

describe("bootstrap peers", () => {
  it("refuses a bootstrap peer of another org, as Fabric does, but joins it when asked through connect()", async () => {
    const org2 = await makeOrg("Org2MSP");
    const foreign = new Cluster(org2);
    try {
      // Across orgs, Fabric discloses only peers that have an external endpoint, on both sides.
      const ports = [await freePort(), await freePort(), await freePort()];
      const at = (i: number) => ({
        listenAddress: `127.0.0.1:${ports[i]}`,
        externalEndpoint: `127.0.0.1:${ports[i]}`,
      });
      const theirs = await foreign.startNode({ trusted: [org2, org], ...at(0) });
      cluster = new Cluster(org);
      const ours = await cluster.startNode({
        trusted: [org, org2],
        bootstrap: [theirs.node.address],
        ...at(1),
      });
      await waitFor(
        () =>
          ours.node.peers().find((p) => p.endpoint === theirs.node.address)?.lastError?.reason ===
          "foreign_org",
        "the foreign bootstrap peer to be refused",
      );
      expect(ours.node.readiness().ready).toBe(false);

      const joiner = await cluster.startNode({ trusted: [org, org2], ...at(2) });
      joiner.node.connect(theirs.node.address);
      await waitFor(
        () => joiner.node.peers().some((p) => p.endpoint === theirs.node.address && p.state === "connected"),
        "an explicit join of the foreign peer to be acked",
      );
      await waitFor(
        () => aliveIds(joiner.node).includes(theirs.node.self().pkiId),
        "the foreign peer to be alive",
      );
    } finally {
      await foreign.stopAll();
    }
  });
});

describe("alive messages from the network", () => {
  it("ignores a forged alive message (another key) and a replayed older one", async () => {
    cluster = new Cluster(org);
    const [a, b] = await cluster.startMany(2, (i, s) => (i === 0 ? [] : [s[0]?.node.address ?? ""]));
    if (!a || !b) throw new Error("cluster did not start");
    await waitForConvergence([a, b], 10_000);
    const bId = b.node.self().pkiId;
    const target = { endpoint: a.node.address, pkiId: a.peer.signingIdentity.pkiId };

    const spy = await rawPeer();
    const inbox = spy.comm.messages()[Symbol.asyncIterator]();
    const spyAlive = signMessage(
      aliveMessage({
        endpoint: spy.address,
        pkiId: spy.peer.signingIdentity.pkiId,
        time: { incNum: BigInt(Date.now()) * 1_000_000n, seqNum: 1n },
        identity: spy.peer.signingIdentity.serialized,
      }),
      (d) => spy.peer.signingIdentity.sign(d),
    );
    // Ask A for its membership, to capture B's current alive envelope.
    spy.comm.send(unsignedMessage(membershipRequest(spyAlive.envelope, randomNonce())), target);
    let captured: gossip.IEnvelope | undefined;
    for (let i = 0; i < 20 && !captured; i++) {
      const message = await nextWithin(inbox, "a membership response");
      captured = message.signed.message.memRes?.alive?.find((env) => {
        const alive = gossip.GossipMessage.decode(env.payload ?? new Uint8Array()).aliveMsg;
        return pkiIdHex(alive?.membership?.pkiId ?? new Uint8Array()) === bId;
      });
    }
    if (!captured) throw new Error("no alive message of B in A's response");
    const capturedSeq = toBigInt(
      gossip.GossipMessage.decode(captured.payload ?? new Uint8Array()).aliveMsg?.timestamp?.seqNum,
    );

    // Forged: B's PKI-ID and endpoint, a far-future seq_num, signed by the spy's key.
    const bIncNum = BigInt(b.node.self().incNum);
    const forged = signMessage(
      aliveMessage({
        endpoint: "10.9.9.9:1",
        pkiId: Buffer.from(bId, "hex"),
        time: { incNum: bIncNum, seqNum: 10n ** 15n },
      }),
      (d) => spy.peer.signingIdentity.sign(d),
    );
    const forgedWithIdentity = signMessage(
      aliveMessage({
        endpoint: "10.9.9.9:1",
        pkiId: Buffer.from(bId, "hex"),
        time: { incNum: bIncNum, seqNum: 10n ** 15n + 1n },
        identity: spy.peer.signingIdentity.serialized,
      }),
      (d) => spy.peer.signingIdentity.sign(d),
    );
    const droppedBefore =
      (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "bad_signature" })) +
      (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "invalid" }));
    spy.comm.send(forged, target);
    spy.comm.send(forgedWithIdentity, target);
    await waitFor(
      async () =>
        (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "bad_signature" })) +
          (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "invalid" })) >=
        droppedBefore + 2,
      "both forgeries dropped",
    );

    // Replayed: B's captured alive message, once B has moved on.
    await waitFor(
      () => BigInt(a.node.members().find((m) => m.pkiId === bId)?.seqNum ?? "0") > capturedSeq + 2n,
      "B to move on",
    );
    const staleBefore =
      (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "stale" })) +
      (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "duplicate" }));
    spy.comm.send(
      { envelope: captured, message: gossip.GossipMessage.decode(captured.payload ?? new Uint8Array()) },
      target,
    );
    await waitFor(
      async () =>
        (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "stale" })) +
          (await metricValue(a.node.metrics, "gossip_messages_dropped_total", { reason: "duplicate" })) >
        staleBefore,
      "the replay dropped as stale",
    );

    const viewOfB = a.node.members().find((m) => m.pkiId === bId);
    expect(viewOfB?.state).toBe("alive");
    expect(viewOfB?.internalEndpoint).toBe(b.node.address);
    expect(BigInt(viewOfB?.seqNum ?? "0")).toBeLessThan(10n ** 15n);
    expect(BigInt(viewOfB?.seqNum ?? "0")).toBeGreaterThan(capturedSeq);
  });
});

describe("identity dissemination", () => {
  it("late joiners converge through identity pull: three nodes 15 s apart with publishCertPeriod 10 s", async () => {
    cluster = new Cluster(org);
    const timings = { publishCertPeriod: 10_000, aliveTimeInterval: 500, aliveExpirationTimeout: 5_000 };
    const first = await cluster.startNode({ timings });
    await new Promise((r) => setTimeout(r, 15_000));
    const second = await cluster.startNode({ timings, bootstrap: [first.node.address] });
    await new Promise((r) => setTimeout(r, 15_000));
    const third = await cluster.startNode({ timings, bootstrap: [second.node.address] });
    await waitForConvergence([first, second, third], 15_000);
    // The third node never saw the first's certificate in an alive message: it came by pull.
    expect(aliveIds(third.node)).toContain(first.node.self().pkiId);
  }, 60_000);

  it("ten nodes joining three publishCertPeriods apart converge", async () => {
    cluster = new Cluster(org);
    const timings = { publishCertPeriod: 500, aliveTimeInterval: 300, aliveExpirationTimeout: 4_000 };
    const nodes: Awaited<ReturnType<Cluster["startNode"]>>[] = [];
    for (let i = 0; i < 10; i++) {
      const bootstrap =
        nodes.length > 0 ? [nodes[Math.floor(Math.random() * nodes.length)]?.node.address ?? ""] : [];
      nodes.push(await cluster.startNode({ timings, bootstrap }));
      if (i < 9) await new Promise((r) => setTimeout(r, 1_500));
    }
    await waitForConvergence(nodes, 20_000);
  }, 60_000);
});
