// A peer that speaks only through Fabric's own generated code (the gRPC stubs
// and message classes of @hyperledger/fabric-protos) handshakes with a node,
// joins it with a membership request, and reads its response: the wire,
// signatures and message shapes are the ones Fabric's bindings produce and expect.
import { createHash, verify, X509Certificate } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import fabricProtos from "@hyperledger/fabric-protos";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "../support/cluster.js";
import { makeOrg, type TestOrg } from "../support/identities.js";
import { nextWithin, waitFor } from "../support/wait.js";

const { gossip: fg, msp: fmsp } = fabricProtos;
const { Tag } = fg.GossipMessage;

let org: TestOrg;
let cluster: Cluster;
let client: InstanceType<typeof fg.GossipClient> | undefined;

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  client?.close();
  await cluster.stopAll();
});

function envelopeOf(message: InstanceType<typeof fg.GossipMessage>, sign?: (d: Uint8Array) => Uint8Array) {
  const envelope = new fg.Envelope();
  const payload = message.serializeBinary();
  envelope.setPayload(payload);
  if (sign) envelope.setSignature(sign(payload));
  return envelope;
}

/** Verifies a Fabric envelope's signature with the certificate inside a serialized identity. */
function signedBy(envelope: InstanceType<typeof fg.Envelope>, serializedIdentity: Uint8Array): boolean {
  const identity = fmsp.SerializedIdentity.deserializeBinary(serializedIdentity);
  const cert = new X509Certificate(Buffer.from(identity.getIdBytes_asU8()));
  return verify("sha256", envelope.getPayload_asU8(), cert.publicKey, envelope.getSignature_asU8());
}

describe("a peer using Fabric's generated bindings", () => {
  it("handshakes, joins with a membership request, and gets a nonce-matched response it can verify", async () => {
    cluster = new Cluster(org);
    const { node } = await cluster.startNode();
    const fabricPeer = await org.newPeer();
    const signer = fabricPeer.signingIdentity;
    const sign = (d: Uint8Array) => signer.sign(d);

    client = new fg.GossipClient(node.address, grpc.credentials.createInsecure());
    await new Promise<void>((resolve, reject) =>
      client?.ping(new fg.Empty(), (err) => (err ? reject(err) : resolve())),
    );
    const stream = client.gossipStream();
    const inbox = stream[Symbol.asyncIterator]() as AsyncIterator<InstanceType<typeof fg.Envelope>>;

    // Our ConnEstablish, built with Fabric's classes.
    const pkiIdOf = (serialized: Uint8Array) => {
      const identity = fmsp.SerializedIdentity.deserializeBinary(serialized);
      return createHash("sha256")
        .update(Buffer.from(identity.getMspid()))
        .update(Buffer.from(identity.getIdBytes_asU8()))
        .digest();
    };
    const pkiId = pkiIdOf(signer.serialized);
    const conn = new fg.ConnEstablish();
    conn.setPkiId(pkiId);
    conn.setIdentity(signer.serialized);
    const hello = new fg.GossipMessage();
    hello.setTag(Tag.EMPTY);
    hello.setConn(conn);
    stream.write(envelopeOf(hello, sign));

    // The node's ConnEstablish: Fabric's bindings decode it and its signature verifies.
    const theirs = await nextWithin(inbox, "the node's ConnEstablish");
    const theirConn = fg.GossipMessage.deserializeBinary(theirs.getPayload_asU8());
    expect(theirConn.getTag()).toBe(Tag.EMPTY);
    const nodeIdentity = theirConn.getConn()?.getIdentity_asU8() ?? new Uint8Array();
    expect(Buffer.from(theirConn.getConn()?.getPkiId_asU8() ?? [])).toEqual(pkiIdOf(nodeIdentity));
    expect(signedBy(theirs, nodeIdentity)).toBe(true);

    // A membership request: our signed alive message inside an unsigned outer envelope.
    const member = new fg.Member();
    member.setEndpoint("fabric-peer.org1:7051");
    member.setPkiId(pkiId);
    const time = new fg.PeerTime();
    time.setIncNum(Date.now() * 1000);
    time.setSeqNum(1);
    const alive = new fg.AliveMessage();
    alive.setMembership(member);
    alive.setTimestamp(time);
    alive.setIdentity(signer.serialized);
    const aliveMsg = new fg.GossipMessage();
    aliveMsg.setTag(Tag.EMPTY);
    aliveMsg.setAliveMsg(alive);
    const request = new fg.MembershipRequest();
    request.setSelfInformation(envelopeOf(aliveMsg, sign));
    const outer = new fg.GossipMessage();
    outer.setTag(Tag.EMPTY);
    outer.setNonce(424242);
    outer.setMemReq(request);
    stream.write(envelopeOf(outer));

    let response: InstanceType<typeof fg.MembershipResponse> | undefined;
    for (let i = 0; i < 20 && !response; i++) {
      const envelope = await nextWithin(inbox, "a membership response");
      const message = fg.GossipMessage.deserializeBinary(envelope.getPayload_asU8());
      if (message.hasMemRes() && message.getNonce() === 424242) {
        expect(message.getTag()).toBe(Tag.EMPTY);
        response = message.getMemRes();
      }
    }
    if (!response) throw new Error("no membership response with our nonce");
    const nodeAlive = response.getAliveList().find((env) => {
      const m = fg.GossipMessage.deserializeBinary(env.getPayload_asU8());
      return (
        Buffer.from(m.getAliveMsg()?.getMembership()?.getPkiId_asU8() ?? []).toString("hex") ===
        node.self().pkiId
      );
    });
    if (!nodeAlive) throw new Error("the response lacks the node's own alive message");
    expect(signedBy(nodeAlive, nodeIdentity)).toBe(true);
    // Same org: the internal endpoint comes in a SecretEnvelope signed by the same key.
    const secret = nodeAlive.getSecretEnvelope();
    const internal = fg.Secret.deserializeBinary(secret?.getPayload_asU8() ?? new Uint8Array());
    expect(internal.getInternalendpoint()).toBe(node.address);
    const cert = new X509Certificate(
      Buffer.from(fmsp.SerializedIdentity.deserializeBinary(nodeIdentity).getIdBytes_asU8()),
    );
    expect(
      verify(
        "sha256",
        secret?.getPayload_asU8() ?? new Uint8Array(),
        cert.publicKey,
        secret?.getSignature_asU8() ?? new Uint8Array(),
      ),
    ).toBe(true);

    // And the node learned us.
    await waitFor(
      () =>
        node.members().find((m) => m.pkiId === pkiId.toString("hex"))?.endpoint === "fabric-peer.org1:7051",
      "the node to learn the Fabric-bindings peer",
    );
    stream.end();
  });
});
