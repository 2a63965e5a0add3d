// The in-memory comm the discovery tests run on: real handshakes (forged and
// untrusted identities refused), delivery, and fault injection.
import { afterEach, describe, expect, it } from "vitest";
import { CommError } from "../../../src/comm/errors.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../../src/identity/signing-identity.js";
import type { ValidatedIdentity } from "../../../src/identity/validator.js";
import { emptyMessage } from "../../../src/protocol/messages.js";
import { unsignedMessage } from "../../../src/protocol/signed-message.js";
import { remotePeer, TEST_TIMINGS, TestCluster } from "./fixtures.js";

let cluster: TestCluster;
afterEach(async () => {
  await cluster?.stopAll();
});

const EMPTY = unsignedMessage(emptyMessage());
const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe("in-memory comm", () => {
  it("handshakes with real identities and delivers messages with the sender's validated identity", async () => {
    cluster = new TestCluster();
    const a = await remotePeer(cluster, "a:7051");
    const b = await remotePeer(cluster, "b:7051");
    const identity = await a.comm.handshake("b:7051");
    expect(identity.mspId).toBe("Org1MSP");
    expect(Buffer.from(identity.pkiId).toString("hex")).toBe(b.hex);
    a.comm.send(EMPTY, { endpoint: "b:7051", pkiId: b.signer.pkiId });
    await drain();
    expect(b.inbox).toHaveLength(1);
    expect(b.inbox[0]?.sender.endpoint).toBe("a:7051");
    expect(Buffer.from(b.inbox[0]?.sender.pkiId ?? []).toString("hex")).toBe(a.hex);
    b.inbox[0]?.respond(EMPTY);
    await drain();
    expect(a.inbox).toHaveLength(1);
    expect(a.comm.connectedPeers().map((id) => Buffer.from(id).toString("hex"))).toEqual([b.hex]);
  });

  it("gives every receiver its own decoded copy of a message sent to several peers at once", async () => {
    cluster = new TestCluster();
    const a = await remotePeer(cluster, "a:7051");
    const b = await remotePeer(cluster, "b:7051");
    const c = await remotePeer(cluster, "c:7051");
    a.comm.send(
      EMPTY,
      { endpoint: "b:7051", pkiId: b.signer.pkiId },
      { endpoint: "c:7051", pkiId: c.signer.pkiId },
    );
    await drain();
    const [atB, atC] = [b.inbox[0]?.signed, c.inbox[0]?.signed];
    expect(atB?.message.empty).toBeDefined();
    expect(atC?.message.empty).toBeDefined();
    // Off the wire: neither the sender's object nor one shared between the receivers.
    expect(atB).not.toBe(EMPTY);
    expect(atB).not.toBe(atC);
    expect(atB?.message).not.toBe(atC?.message);
  });

  it("refuses a forged identity: a certificate presented with someone else's key", async () => {
    cluster = new TestCluster();
    const honest = await remotePeer(cluster, "honest:7051");
    const victim = await cluster.newSigner();
    const attacker = await cluster.newSigner();
    const forged: SigningIdentity = { ...victim, sign: (data) => attacker.sign(data) };
    const forger = cluster.network.join({
      endpoint: "forger:7051",
      signer: forged,
      validator: cluster.validator(),
    });
    await expect(honest.comm.handshake("forger:7051")).rejects.toMatchObject({ reason: "bad_signature" });
    await expect(forger.handshake("honest:7051")).rejects.toBeInstanceOf(CommError);
    forger.send(EMPTY, { endpoint: "honest:7051", pkiId: honest.signer.pkiId });
    await drain();
    expect(honest.inbox).toHaveLength(0);
    expect(forger.failedSends).toBe(1);
    await forger.stop();
  });

  it("refuses an identity of an untrusted org, and a PKI-ID other than the expected one", async () => {
    cluster = new TestCluster();
    const a = await remotePeer(cluster, "a:7051");
    const stranger = await cluster.newSigner("Org9MSP");
    await remotePeer(cluster, "other:7051");
    cluster.network.join({ endpoint: "stranger:7051", signer: stranger, validator: cluster.validator() });
    await expect(a.comm.handshake("stranger:7051")).rejects.toMatchObject({ reason: "untrusted_identity" });
    await expect(a.comm.handshake("other:7051", a.signer.pkiId)).rejects.toMatchObject({
      reason: "pki_id_mismatch",
    });
  });

  it("reports a peer presumed dead when a send cannot reach it", async () => {
    cluster = new TestCluster();
    const a = await remotePeer(cluster, "a:7051");
    const b = await remotePeer(cluster, "b:7051");
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    await b.comm.stop();
    a.comm.send(EMPTY, { endpoint: "b:7051", pkiId: b.signer.pkiId });
    const next = await dead.next();
    expect(Buffer.from(next.value as Uint8Array).toString("hex")).toBe(b.hex);
  });

  it("accepts a renewed certificate of the same org where a known peer was, reporting the old PKI-ID; refuses any other", async () => {
    cluster = new TestCluster();
    await cluster.trust("Org1MSP", "Org2MSP");
    const validator = cluster.validator();
    const known = new Map<string, ValidatedIdentity>();
    const remember = (s: SigningIdentity) => known.set(pkiIdHex(s.pkiId), validator.validate(s.serialized));
    const signer = await cluster.newSigner();
    const a = cluster.network.join({
      endpoint: "a:7051",
      signer,
      validator,
      identityOf: (id) => known.get(pkiIdHex(id)),
    });
    const changes = a.identityChanges()[Symbol.asyncIterator]();

    const old = await cluster.newSigner();
    remember(old);
    const renewed = await remotePeer(cluster, "b:7051");
    a.send(EMPTY, { endpoint: "b:7051", pkiId: old.pkiId });
    expect(pkiIdHex((await changes.next()).value as Uint8Array)).toBe(pkiIdHex(old.pkiId));
    await drain();
    expect(renewed.inbox).toHaveLength(1);
    expect(a.connectedPeers().map(pkiIdHex)).toEqual([renewed.hex]);

    // Another org at the endpoint of a known peer, or an old PKI-ID whose identity is unknown: refused.
    const foreign = await remotePeer(cluster, "c:7051", "Org2MSP");
    const oldOfC = await cluster.newSigner();
    remember(oldOfC);
    a.send(EMPTY, { endpoint: "c:7051", pkiId: oldOfC.pkiId });
    const unknownOld = await cluster.newSigner();
    a.send(EMPTY, { endpoint: "b:7051", pkiId: unknownOld.pkiId });
    await drain();
    expect(foreign.inbox).toHaveLength(0);
    expect(renewed.inbox).toHaveLength(1);
    expect(a.failedSends).toBe(2);

    await a.stop();
    expect((await changes.next()).done).toBe(true);
  });

  it("loses messages to drop rules and partitions, and fails pings on demand", async () => {
    cluster = new TestCluster();
    const a = await remotePeer(cluster, "a:7051");
    const b = await remotePeer(cluster, "b:7051");
    const toB = { endpoint: "b:7051", pkiId: b.signer.pkiId };
    const undo = cluster.network.drop({ kind: "empty", from: "a:7051" });
    a.comm.send(EMPTY, toB);
    undo();
    a.comm.send(EMPTY, toB);
    await drain();
    expect(b.inbox).toHaveLength(1);
    const heal = cluster.network.partition(["a:7051"], ["b:7051"]);
    a.comm.send(EMPTY, toB);
    expect(await a.comm.ping(toB)).toBe(false);
    heal();
    expect(await a.comm.ping(toB)).toBe(true);
    cluster.network.failPing("b:7051");
    expect(await a.comm.ping(toB)).toBe(false);
    await drain();
    expect(b.inbox).toHaveLength(1);
    expect(cluster.network.dropped).toBe(2);
  });
});

describe("a node with a forged identity", () => {
  it("never joins: its handshakes are refused and nobody learns it", async () => {
    cluster = new TestCluster();
    const a = await cluster.addNode({ endpoint: "a:7051" });
    const victim = await cluster.newSigner();
    const attacker = await cluster.newSigner();
    const forged: SigningIdentity = { ...victim, sign: (data) => attacker.sign(data) };
    const forger = await cluster.addNode({ endpoint: "forger:7051", signer: forged, bootstrap: ["a:7051"] });
    await cluster.clock.advance(TEST_TIMINGS.maxConnectionAttempts * TEST_TIMINGS.reconnectInterval);
    expect(a.discovery.members()).toEqual([]);
    expect(forger.discovery.connections()[0]).toMatchObject({ state: "gave_up" });
  });
});
