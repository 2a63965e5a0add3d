// Identity dissemination by pull: the responder side (hello -> digest, request
// -> update), validation of what arrives, the bounds, a full round between two
// nodes, and a late joiner that can verify alive messages only thanks to it.
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { IdentityPull, type IdentityPullLimits } from "../../../src/certstore/identity-pull.js";
import { IdentityStore } from "../../../src/certstore/identity-store.js";
import { flushMicrotasks } from "../../../src/clock/manual-clock.js";
import type { RemotePeer } from "../../../src/comm/comm-service.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../../src/identity/signing-identity.js";
import { routeMessage } from "../../../src/node/message-router.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { createNodeMetrics } from "../../../src/observability/metrics.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { toBigInt, toLong } from "../../../src/protocol/long.js";
import {
  dataRequestMessage,
  dataUpdateMessage,
  digestMessage,
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
    peers?: RemotePeer[];
    externalEndpointOf?: (pkiId: Uint8Array) => string | undefined;
    limits?: Partial<IdentityPullLimits>;
  } = {},
) {
  /** Whom its rounds pull from; tests add to it. */
  const peers: RemotePeer[] = [...(options.peers ?? [])];
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
    peers: () => peers,
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
  return { signer, endpoint, comm, metrics, identities, pull, validator, peers, stop };
}

type StandalonePull = Awaited<ReturnType<typeof standalonePull>>;

/**
 * A peer that answers every hello with `digests` (its own PKI-ID by default)
 * and every request with `envelopes`, whatever was asked: honest or not.
 */
async function servingPeer(endpoint: string, envelopes: gossip.IEnvelope[], digests?: Uint8Array[]) {
  const signer = await cluster.newSigner();
  const comm = cluster.network.join({ endpoint, signer, validator: cluster.validator() });
  void (async () => {
    for await (const received of comm.messages()) {
      const { hello, dataReq } = received.signed.message;
      if (hello)
        received.respond(unsignedMessage(digestMessage(toBigInt(hello.nonce), digests ?? [signer.pkiId])));
      if (dataReq) received.respond(unsignedMessage(dataUpdateMessage(toBigInt(dataReq.nonce), envelopes)));
    }
  })();
  return { signer, endpoint, peer: { endpoint, pkiId: signer.pkiId } as RemotePeer };
}

/** One full round of `x` pulling from `from` alone. */
async function pullRound(x: StandalonePull, from: { peer: RemotePeer }): Promise<void> {
  x.peers.splice(0, x.peers.length, from.peer);
  const round = x.pull.pullOnce();
  await flushMicrotasks(); // the digest arrives long before pullDigestWait
  await cluster.clock.advance(TEST_TIMINGS.pullDigestWait + TEST_TIMINGS.pullResponseWait);
  await round;
}

/** Lets `x` learn these signed identities the only way it accepts them: answering its own round. */
async function teach(x: StandalonePull, identities: SignedGossipMessage[]): Promise<void> {
  const teacher = await servingPeer(
    `teacher${++teachers}:7051`,
    identities.map((m) => m.envelope),
    identities.map((m) => m.message.peerIdentity?.pkiId as Uint8Array),
  );
  await pullRound(x, teacher);
}
let teachers = 0;

describe("identity pull: responder", () => {
  it("answers a hello with the PKI-IDs it holds, and a request with their signed identities", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const r2 = await cluster.newSigner();
    const taught = identityMessage(r2);
    await teach(x, [taught]);
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
    // r2's message is served as it was received: the bytes its signature covers, and that signature.
    const servedR2 = served.find(
      (m) => pkiIdHex(m.message.peerIdentity?.pkiId ?? new Uint8Array(0)) === pkiIdHex(r2.pkiId),
    );
    const bytes = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []);
    expect(bytes(servedR2?.envelope.payload).equals(bytes(taught.envelope.payload))).toBe(true);
    expect(bytes(servedR2?.envelope.signature).equals(bytes(taught.envelope.signature))).toBe(true);
    await x.stop();
  });

  it("ignores a request whose nonce it never handed out, handed out to another peer, or longer than pullRequestWait ago", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    x.pull.start();
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const r3 = { signer: await cluster.newSigner(), endpoint: "r3:7051" };
    const request = (from: typeof r1, nonce: bigint) =>
      receivedFrom(from, x.validator, unsignedMessage(dataRequestMessage(nonce, [x.signer.pkiId])));
    const unknown = request(r1, 7n);
    x.pull.handleMessage(unknown);
    expect(unknown.messages).toHaveLength(0);
    x.pull.handleMessage(receivedFrom(r1, x.validator, unsignedMessage(helloMessage(8n))));
    const impostor = request(r3, 8n);
    x.pull.handleMessage(impostor);
    expect(impostor.messages).toHaveLength(0);
    const inTime = request(r1, 8n);
    x.pull.handleMessage(inTime);
    expect(inTime.messages).toHaveLength(1);
    // Nonces expire by the clock, not by timers: the pull's own interval is the only timer.
    expect(cluster.clock.pendingTimers()).toBe(1);
    await cluster.clock.advance(TEST_TIMINGS.pullRequestWait + 1);
    const late = request(r1, 8n);
    x.pull.handleMessage(late);
    expect(late.messages).toHaveLength(0);
    await x.stop();
    expect(cluster.clock.pendingTimers()).toBe(0);
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
    await teach(
      x,
      [ours, oursHidden, theirs, third].map((s) => identityMessage(s)),
    );

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

  it("keeps at most maxIncomingNoncesPerPeer hellos in flight from one peer, without starving the others", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const r2 = { signer: await cluster.newSigner(), endpoint: "r2:7051" };
    const hello = (from: typeof r1, nonce: number) =>
      receivedFrom(from, x.validator, unsignedMessage(helloMessage(BigInt(nonce))));
    const flood = Array.from({ length: 11 }, (_, i) => hello(r1, i + 1));
    for (const h of flood) x.pull.handleMessage(h);
    expect(flood.map((h) => h.messages.length)).toEqual([...Array(10).fill(1), 0]);
    expect(await metric(x.metrics.messagesDropped, { reason: "overflow" })).toBe(1);
    const again = hello(r1, 3); // a nonce already in flight is answered again, not counted twice
    x.pull.handleMessage(again);
    expect(again.messages).toHaveLength(1);
    const other = hello(r2, 100);
    x.pull.handleMessage(other);
    expect(other.messages).toHaveLength(1);
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
    const server = await servingPeer("r1:7051", [
      identityMessage(good).envelope,
      identityMessage(victim, other).envelope, // forged: victim's identity signed by another key
      identityMessage(victim, victim, other.pkiId).envelope, // claims another PKI-ID
      identityMessage(stranger).envelope, // untrusted MSP
      craftAlive(other, { time: { incNum: 1n, seqNum: 1n } }).envelope, // not a PeerIdentity
      { payload: new Uint8Array([0xff, 0xff]), signature: new Uint8Array([1]) }, // garbage
    ]);
    await pullRound(x, server);
    expect(x.identities.pkiIds().map(pkiIdHex)).toEqual([pkiIdHex(good.pkiId)]);
    expect(x.pull.heldIdentities().sort()).toEqual([pkiIdHex(x.signer.pkiId), pkiIdHex(good.pkiId)].sort());
    const dropped = (type: string, reason: string) => metric(x.metrics.messagesDropped, { type, reason });
    expect(await dropped("peer_identity", "bad_signature")).toBe(1);
    expect(await dropped("peer_identity", "invalid")).toBe(2);
    expect(await dropped("alive", "invalid")).toBe(1); // counted as what it is
    expect(await dropped("unknown", "malformed")).toBe(1); // does not decode
    await x.stop();
  });

  it("stops serving an identity once it leaves the identity store", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r2 = await cluster.newSigner();
    await teach(x, [identityMessage(r2)]);
    expect(x.pull.heldIdentities()).toContain(pkiIdHex(r2.pkiId));
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
      peers: [{ endpoint: "y:7051", pkiId: y.signer.pkiId }],
    });
    const r2 = await cluster.newSigner();
    await teach(y, [identityMessage(r2)]);
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

  it("counts unsolicited digests and requests as drops, by type", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const unsolicited = (type: string) => metric(x.metrics.messagesDropped, { type, reason: "unsolicited" });
    x.pull.handleMessage(
      receivedFrom(r1, x.validator, unsignedMessage(digestMessage(5n, [r1.signer.pkiId]))),
    );
    expect([await unsolicited("data_dig"), await unsolicited("data_req")]).toEqual([1, 0]);
    x.pull.handleMessage(
      receivedFrom(r1, x.validator, unsignedMessage(dataRequestMessage(6n, [x.signer.pkiId]))),
    );
    expect([await unsolicited("data_dig"), await unsolicited("data_req")]).toEqual([1, 1]);
    await x.stop();
  });

  it("ignores a digest whose nonce is not of its round: nothing is requested", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const y = await servingPeer("y:7051", []);
    cluster.network.drop({ from: "y:7051", to: "x:7051", kind: "data_dig" }); // only the stray digest reaches x
    const sent: string[] = [];
    cluster.network.observe((d) => {
      if (d.from === "x:7051") sent.push(d.kind);
    });
    const r1 = await cluster.newSigner();
    x.peers.push(y.peer);
    const round = x.pull.pullOnce();
    const stray = unsignedMessage(digestMessage(5n, [r1.pkiId]));
    x.pull.handleMessage(receivedFrom({ signer: y.signer, endpoint: "y:7051" }, x.validator, stray));
    await cluster.clock.advance(TEST_TIMINGS.pullDigestWait + TEST_TIMINGS.pullResponseWait);
    await round;
    expect(sent).toEqual(["hello"]);
    await x.stop();
  });

  it("drops an update that answers no request of its current round: unasked, too early, or too late", async () => {
    cluster = new TestCluster();
    const x = await standalonePull("x:7051");
    const r2 = await cluster.newSigner();
    const invalid = () => metric(x.metrics.messagesDropped, { reason: "invalid" });
    const update = (nonce: bigint) =>
      unsignedMessage(dataUpdateMessage(nonce, [identityMessage(r2).envelope]));

    // Unasked: no round at all.
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    x.pull.handleMessage(receivedFrom(r1, x.validator, update(1n)));
    expect(await invalid()).toBe(1);

    // Too early: y answers the hello with an update, before any request.
    const ySigner = await cluster.newSigner();
    const yComm = cluster.network.join({
      endpoint: "y:7051",
      signer: ySigner,
      validator: cluster.validator(),
    });
    let helloNonce: bigint | undefined;
    void (async () => {
      for await (const received of yComm.messages()) {
        const hello = received.signed.message.hello;
        if (!hello) continue;
        helloNonce = toBigInt(hello.nonce);
        received.respond(update(helloNonce));
      }
    })();
    await pullRound(x, { peer: { endpoint: "y:7051", pkiId: ySigner.pkiId } });
    expect(await invalid()).toBe(2);

    // Too late: the round's nonce, once the round is over.
    x.pull.handleMessage(
      receivedFrom({ signer: ySigner, endpoint: "y:7051" }, x.validator, update(helloNonce as bigint)),
    );
    expect(await invalid()).toBe(3);
    expect(x.identities.has(r2.pkiId)).toBe(false);
    await x.stop();
  });

  it("logs a round that fails instead of leaving its rejection unhandled", async () => {
    cluster = new TestCluster();
    const errors: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => errors.push(JSON.parse(line).msg) });
    const signer = await cluster.newSigner();
    const pull = new IdentityPull({
      signer,
      comm: cluster.network.join({ endpoint: "x:7051", signer, validator: cluster.validator() }),
      validator: cluster.validator(),
      identities: new IdentityStore({ clock: cluster.clock }),
      timings: TEST_TIMINGS,
      clock: cluster.clock,
      logger,
      metrics: createNodeMetrics(),
      peers: () => {
        throw new Error("membership unavailable");
      },
    });
    pull.start();
    await cluster.clock.advance(TEST_TIMINGS.pullInterval);
    expect(errors).toEqual(["identity pull round failed"]);
    await pull.stop();
  });
});

describe("identity pull behind the node's router", () => {
  it("gets hellos, digests, requests and updates; a PeerIdentity on its own is dropped as unsupported, as in Fabric", async () => {
    cluster = new TestCluster();
    const metrics = createNodeMetrics();
    const handled: string[] = [];
    const routes = {
      membership: { handleMsgFromComm: () => handled.push("membership") },
      identityPull: { handleMessage: () => handled.push("identity pull") },
    };
    const r1 = { signer: await cluster.newSigner(), endpoint: "r1:7051" };
    const validator = cluster.validator();
    routeMessage(receivedFrom(r1, validator, identityMessage(r1.signer)), routes, metrics);
    expect(handled).toEqual([]);
    expect(await metric(metrics.messagesDropped, { type: "peer_identity", reason: "unsupported" })).toBe(1);
    routeMessage(receivedFrom(r1, validator, unsignedMessage(helloMessage(1n))), routes, metrics);
    expect(handled).toEqual(["identity pull"]);
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
