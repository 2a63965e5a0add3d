// Identity dissemination by pull: the responder side (hello -> digest, request
// -> update), validation of what arrives, the bounds, a full round between two
// nodes, and a late joiner that can verify alive messages only thanks to it.
import { afterEach, describe, expect, it } from "vitest";
import { IdentityPull, type IdentityPullLimits } from "../../../src/certstore/identity-pull.js";
import { IdentityStore } from "../../../src/certstore/identity-store.js";
import { flushMicrotasks } from "../../../src/clock/manual-clock.js";
import type { RemotePeer } from "../../../src/comm/comm-service.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../../src/identity/signing-identity.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { createNodeMetrics } from "../../../src/observability/metrics.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { toBigInt, toLong } from "../../../src/protocol/long.js";
import {
  dataRequestMessage,
  dataUpdateMessage,
  helloMessage,
  peerIdentityMessage,
} from "../../../src/protocol/messages.js";
import {
  openEnvelope,
  type SignedGossipMessage,
  signMessage,
  unsignedMessage,
} from "../../../src/protocol/signed-message.js";
import { craftAlive, metric, receivedFrom, TEST_TIMINGS, TestCluster } from "../discovery/fixtures.js";

let cluster: TestCluster;
afterEach(async () => {
  await cluster?.stopAll();
});

/** A PeerIdentity message about `about`, signed by `signer` (itself unless forging). */
function identityMessage(about: SigningIdentity, signer = about, pkiId = about.pkiId): SignedGossipMessage {
  return signMessage(peerIdentityMessage(pkiId, about.serialized), (d) => signer.sign(d));
}

const hexesOf = (ids: Uint8Array[] | null | undefined) => (ids ?? []).map(pkiIdHex).sort();

async function standalonePull(
  endpoint: string,
  options: {
    mspId?: string;
    peers?: () => RemotePeer[];
    externalEndpointOf?: (pkiId: Uint8Array) => string | undefined;
    limits?: Partial<IdentityPullLimits>;
  } = {},
) {
  const signer = await cluster.newSigner(options.mspId ?? "Org1MSP");
  const validator = cluster.validator();
  const comm = cluster.network.join({ endpoint, signer, validator });
  const metrics = createNodeMetrics();
  const identities = new IdentityStore({ clock: cluster.clock });
  const pull = new IdentityPull({
    signer,
    comm,
    validator,
    identities,
    timings: TEST_TIMINGS,
    clock: cluster.clock,
    logger: silentLogger(),
    metrics,
    peers: options.peers ?? (() => []),
    ...(options.externalEndpointOf ? { externalEndpointOf: options.externalEndpointOf } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  void (async () => {
    for await (const received of comm.messages()) pull.handleMessage(received);
  })();
  const stop = async () => {
    await pull.stop();
    await comm.stop();
  };
  return { signer, endpoint, comm, metrics, identities, pull, validator, stop };
}

describe("identity pull: responder", () => {
  it("answers a hello with the PKI-IDs it holds, and a request with their signed identities", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const r2 = await cluster.newSigner();
    x.pull.handleMessage(
      receivedFrom(r1, x.validator, unsignedMessage(dataUpdateMessage(1n, [identityMessage(r2).envelope]))),
    );
    expect(x.identities.has(r2.pkiId)).toBe(true);

    const hello = receivedFrom(r1, x.validator, unsignedMessage(helloMessage(42n)));
    x.pull.handleMessage(hello);
    const digest = hello.messages[0]?.message.dataDig;
    expect(toBigInt(digest?.nonce)).toBe(42n);
    expect(digest?.msgType).toBe(gossip.PullMsgType.IDENTITY_MSG);
    expect(hexesOf(digest?.digests)).toEqual([pkiIdHex(x.signer.pkiId), pkiIdHex(r2.pkiId)].sort());

    const request = receivedFrom(
      r1,
      x.validator,
      unsignedMessage(dataRequestMessage(42n, [r2.pkiId, x.signer.pkiId])),
    );
    x.pull.handleMessage(request);
    const update = request.messages[0]?.message.dataUpdate;
    expect(toBigInt(update?.nonce)).toBe(42n);
    const served = (update?.data ?? []).map((e) => openEnvelope(e));
    expect(hexesOf(served.map((m) => m.message.peerIdentity?.pkiId as Uint8Array))).toEqual(
      [pkiIdHex(x.signer.pkiId), pkiIdHex(r2.pkiId)].sort(),
    );
    for (const m of served) expect(m.message.tag).toBe(gossip.GossipMessage.Tag.EMPTY);
    await x.stop();
  });

  it("ignores a request whose nonce it never handed out, or handed out longer than pullRequestWait ago", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const unknown = receivedFrom(r1, x.validator, unsignedMessage(dataRequestMessage(7n, [x.signer.pkiId])));
    x.pull.handleMessage(unknown);
    expect(unknown.messages).toHaveLength(0);
    x.pull.handleMessage(receivedFrom(r1, x.validator, unsignedMessage(helloMessage(8n))));
    await cluster.clock.advance(TEST_TIMINGS.pullRequestWait + 1);
    const late = receivedFrom(r1, x.validator, unsignedMessage(dataRequestMessage(8n, [x.signer.pkiId])));
    x.pull.handleMessage(late);
    expect(late.messages).toHaveLength(0);
    expect(cluster.clock.pendingTimers()).toBe(0);
    await x.stop();
  });

  it("shows a peer of another org only identities of our org and of its own, of members with an external endpoint", async () => {
    cluster = new TestCluster();
    await cluster.trust("Org1MSP", "Org2MSP", "Org3MSP");
    const endpoints = new Map<string, string>();
    const x = await standalonePull("x:7051", {
      externalEndpointOf: (id) =>
        endpoints.get(pkiIdHex(id)) ?? (pkiIdHex(id) === pkiIdHex(x.signer.pkiId) ? "x:7051" : ""),
    });
    const ours = await cluster.newSigner("Org1MSP");
    const oursHidden = await cluster.newSigner("Org1MSP");
    const theirs = await cluster.newSigner("Org2MSP");
    const third = await cluster.newSigner("Org3MSP");
    for (const s of [ours, theirs, third]) endpoints.set(pkiIdHex(s.pkiId), "somewhere:7051");
    const feeder = { signer: ours, endpoint: "ours:7051" };
    const all = [ours, oursHidden, theirs, third].map((s) => identityMessage(s).envelope);
    x.pull.handleMessage(receivedFrom(feeder, x.validator, unsignedMessage(dataUpdateMessage(1n, all))));

    const foreign = { signer: await cluster.newSigner("Org2MSP"), endpoint: "foreign:7051" };
    const hello = receivedFrom(foreign, x.validator, unsignedMessage(helloMessage(1n)));
    x.pull.handleMessage(hello);
    expect(hexesOf(hello.messages[0]?.message.dataDig?.digests)).toEqual(
      [x.signer.pkiId, ours.pkiId, theirs.pkiId].map(pkiIdHex).sort(),
    );
    const request = receivedFrom(
      foreign,
      x.validator,
      unsignedMessage(dataRequestMessage(1n, [third.pkiId, oursHidden.pkiId])),
    );
    x.pull.handleMessage(request);
    expect(request.messages).toHaveLength(0);

    const colleague = { signer: await cluster.newSigner("Org1MSP"), endpoint: "colleague:7051" };
    const helloOwn = receivedFrom(colleague, x.validator, unsignedMessage(helloMessage(2n)));
    x.pull.handleMessage(helloOwn);
    expect(helloOwn.messages[0]?.message.dataDig?.digests).toHaveLength(5);
    await x.stop();
  });

  it("keeps at most maxIncomingNonces hellos in flight", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051", { limits: { maxIncomingNonces: 2 } });
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const hellos = [1n, 2n, 3n].map((n) => receivedFrom(r1, x.validator, unsignedMessage(helloMessage(n))));
    for (const h of hellos) x.pull.handleMessage(h);
    expect(hellos.map((h) => h.messages.length)).toEqual([1, 1, 0]);
    expect(await metric(x.metrics.messagesDropped, { reason: "overflow" })).toBe(1);
    await cluster.clock.advance(TEST_TIMINGS.pullRequestWait + 1);
    const again = receivedFrom(r1, x.validator, unsignedMessage(helloMessage(4n)));
    x.pull.handleMessage(again);
    expect(again.messages).toHaveLength(1);
    await x.stop();
  });

  it("ignores pull messages for other message types", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const blockHello = unsignedMessage({
      tag: gossip.GossipMessage.Tag.EMPTY,
      hello: { nonce: toLong(1n), msgType: gossip.PullMsgType.BLOCK_MSG },
    });
    const received = receivedFrom(r1, x.validator, blockHello);
    x.pull.handleMessage(received);
    expect(received.messages).toHaveLength(0);
    expect(await metric(x.metrics.messagesDropped, { reason: "unsupported" })).toBe(1);
    await x.stop();
  });
});

describe("identity pull: validating updates", () => {
  it("stores only identities that are valid, match their PKI-ID and are signed by themselves; counts the rest", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const [good, other, victim] = [
      await cluster.newSigner(),
      await cluster.newSigner(),
      await cluster.newSigner(),
    ];
    const stranger = await cluster.newSigner("Org9MSP"); // not trusted by x's validator
    const r1 = { signer: other, endpoint: "r1:7051" };
    const update = dataUpdateMessage(3n, [
      identityMessage(good).envelope,
      identityMessage(victim, other).envelope, // forged: victim's identity signed by another key
      identityMessage(victim, victim, other.pkiId).envelope, // claims another PKI-ID
      identityMessage(stranger).envelope, // untrusted MSP
      craftAlive(other, { time: { incNum: 1n, seqNum: 1n } }).envelope, // not a PeerIdentity
      { payload: new Uint8Array([0xff, 0xff]), signature: new Uint8Array([1]) }, // garbage
    ]);
    x.pull.handleMessage(receivedFrom(r1, x.validator, unsignedMessage(update)));
    expect(x.identities.pkiIds().map(pkiIdHex)).toEqual([pkiIdHex(good.pkiId)]);
    expect(x.pull.heldIdentities().sort()).toEqual([pkiIdHex(x.signer.pkiId), pkiIdHex(good.pkiId)].sort());
    expect(await metric(x.metrics.messagesDropped, { reason: "bad_signature" })).toBe(1);
    expect(await metric(x.metrics.messagesDropped, { reason: "invalid" })).toBe(3);
    expect(await metric(x.metrics.messagesDropped, { reason: "malformed" })).toBe(1);
    await x.stop();
  });

  it("stops serving an identity once it leaves the identity store", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r2 = await cluster.newSigner();
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    x.pull.handleMessage(
      receivedFrom(r1, x.validator, unsignedMessage(dataUpdateMessage(1n, [identityMessage(r2).envelope]))),
    );
    x.identities.delete(r2.pkiId); // the member was purged
    expect(x.pull.heldIdentities()).toEqual([pkiIdHex(x.signer.pkiId)]);
    await x.stop();
  });
});

describe("identity pull: rounds", () => {
  it("pulls the missing identities from a peer in one round (hello, digest, request, update)", async () => {
    cluster = new TestCluster();
    const y = await standalonePull("y:7051");
    const x = await standalonePull("x:7051", {
      peers: () => [{ endpoint: "y:7051", pkiId: y.signer.pkiId }],
    });
    const r2 = await cluster.newSigner();
    y.pull.handleMessage(
      receivedFrom(
        { signer: r2, endpoint: "r2:7051" },
        y.validator,
        unsignedMessage(dataUpdateMessage(1n, [identityMessage(r2).envelope])),
      ),
    );
    const kinds: string[] = [];
    cluster.network.observe((d) => kinds.push(`${d.from}>${d.to} ${d.kind}`));
    const round = x.pull.pullOnce();
    expect(x.pull.pullOnce()).toBe(round); // rounds never overlap
    await flushMicrotasks(); // let the digest arrive, as it would long before pullDigestWait
    await cluster.clock.advance(TEST_TIMINGS.pullDigestWait + TEST_TIMINGS.pullResponseWait);
    await round;
    expect(kinds).toEqual([
      "x:7051>y:7051 hello",
      "y:7051>x:7051 data_dig",
      "x:7051>y:7051 data_req",
      "y:7051>x:7051 data_update",
    ]);
    expect(x.pull.heldIdentities().sort()).toEqual(
      [x.signer.pkiId, y.signer.pkiId, r2.pkiId].map(pkiIdHex).sort(),
    );
    expect(x.identities.has(r2.pkiId)).toBe(true);
    await x.stop();
    await y.stop();
    expect(cluster.clock.pendingTimers()).toBe(0);
  });

  it("ignores digests for nonces of no round of its own", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const digest = unsignedMessage({
      tag: gossip.GossipMessage.Tag.EMPTY,
      dataDig: { nonce: toLong(5n), digests: [r1.signer.pkiId], msgType: gossip.PullMsgType.IDENTITY_MSG },
    });
    const received = receivedFrom(r1, x.validator, digest);
    x.pull.handleMessage(received);
    await cluster.clock.advance(1_000);
    expect(received.messages).toHaveLength(0);
    await x.stop();
  });
});

describe("identity pull in a cluster", () => {
  it("a node that joined after publishCertPeriod learns identities through pull and can then verify alive messages", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const b = await cluster.addNode({ endpoint: "b:7051", bootstrap: ["a:7051"] });
    const c = await cluster.addNode({ endpoint: "c:7051", bootstrap: ["a:7051"] });
    await cluster.until(() => a.alive().length === 2, "a sees b and c");
    // Past everyone's publishCertPeriod: alive messages no longer carry certificates.
    await cluster.clock.advance(TEST_TIMINGS.publishCertPeriod + 3 * TEST_TIMINGS.pullInterval);
    expect(a.pull.heldIdentities()).toEqual(expect.arrayContaining([b.hex, c.hex]));

    // d hears of b and c only through a: no direct traffic, and at first no pulled identities.
    for (const from of ["b:7051", "c:7051"]) cluster.network.drop({ from, to: "d:7051" });
    const unblockPull = cluster.network.drop({ to: "d:7051", kind: ["data_dig", "data_update"] });
    const d = await cluster.addNode({ endpoint: "d:7051", bootstrap: ["a:7051"] });
    await cluster.clock.advance(3_000);
    expect(d.alive()).toEqual([a.hex]);
    expect(await metric(d.metrics.messagesDropped, { reason: "unknown_identity" })).toBeGreaterThan(0);

    unblockPull();
    await cluster.until(() => d.alive().length === 3, "d verifies b's and c's alive messages");
    expect(d.identities.has(b.hex) && d.identities.has(c.hex)).toBe(true);
    expect(d.pull.heldIdentities()).toEqual(expect.arrayContaining([a.hex, b.hex, c.hex]));
  });
});
