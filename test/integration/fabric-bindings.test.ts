// A peer that speaks only through Fabric's own generated code (the gRPC stubs
// and message classes of @hyperledger/fabric-protos) handshakes with a node,
// joins it with a membership request, and reads its response: the wire,
// signatures and message shapes are the ones Fabric's bindings produce and expect.
// The other way round, a gossip.Gossip server built on Fabric's generated
// service stubs is dialed by a node whose streams carry W3C trace context in
// their metadata: like a Fabric peer, it ignores it, handshakes and answers.
import { createHash, verify, X509Certificate } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import fabricProtos from "@hyperledger/fabric-protos";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SigningIdentity } from "../../src/identity/signing-identity.js";
import { gossip as wire } from "../../src/protocol/generated/wire.js";
import { toBigInt } from "../../src/protocol/long.js";
import { Cluster } from "../support/cluster.js";
import { makeOrg, type TestOrg } from "../support/identities.js";
import { tracerForTests } from "../support/tracing.js";
import { nextWithin, waitFor } from "../support/wait.js";

const { gossip: fg, msp: fmsp } = fabricProtos;
const { Tag } = fg.GossipMessage;

let org: TestOrg;
let cluster: Cluster;
let client: InstanceType<typeof fg.GossipClient> | undefined;
let fabricServer: grpc.Server | undefined;

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  client?.close();
  fabricServer?.forceShutdown();
  fabricServer = undefined;
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

/** Fabric's PKI-ID: SHA-256 over the MSP ID and the certificate of a serialized identity. */
function pkiIdOf(serialized: Uint8Array): Buffer {
  const identity = fmsp.SerializedIdentity.deserializeBinary(serialized);
  return createHash("sha256")
    .update(Buffer.from(identity.getMspid()))
    .update(Buffer.from(identity.getIdBytes_asU8()))
    .digest();
}

/** A signed ConnEstablish built with Fabric's classes. */
function connEstablishOf(signer: SigningIdentity) {
  const conn = new fg.ConnEstablish();
  conn.setPkiId(pkiIdOf(signer.serialized));
  conn.setIdentity(signer.serialized);
  const hello = new fg.GossipMessage();
  hello.setTag(Tag.EMPTY);
  hello.setConn(conn);
  return envelopeOf(hello, (d) => signer.sign(d));
}

/** A signed alive message about `signer` at `endpoint`, built with Fabric's classes. */
function aliveOf(signer: SigningIdentity, endpoint: string) {
  const member = new fg.Member();
  member.setEndpoint(endpoint);
  member.setPkiId(pkiIdOf(signer.serialized));
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
  return envelopeOf(aliveMsg, (d) => signer.sign(d));
}

/**
 * Field 1 (nonce, uint64) as protobuf bytes. Fabric's JavaScript classes hold a
 * uint64 as a double, which loses a random 64-bit nonce's low bits: the stub
 * writes it with this (a field may come anywhere in a message) and reads it with our decoder.
 */
function nonceField(nonce: bigint): Buffer {
  const bytes = [0x08];
  let rest = nonce;
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Buffer.from(bytes);
}

/**
 * A Fabric peer's gossip.Gossip service on Fabric's generated stubs: it keeps
 * each stream's metadata, sends its ConnEstablish first as Fabric's acceptor
 * does, and answers membership requests with its alive message and their nonce.
 */
async function startFabricStubPeer(signer: SigningIdentity) {
  const streamMetadata: grpc.Metadata[] = [];
  const server = new grpc.Server();
  server.addService(fg.GossipService, {
    ping: (_call: unknown, done: grpc.sendUnaryData<InstanceType<typeof fg.Empty>>) =>
      done(null, new fg.Empty()),
    gossipStream: (
      call: grpc.ServerDuplexStream<InstanceType<typeof fg.Envelope>, InstanceType<typeof fg.Envelope>>,
    ) => {
      streamMetadata.push(call.metadata);
      call.on("error", () => {});
      call.on("end", () => call.end());
      call.write(connEstablishOf(signer));
      call.on("data", (envelope: InstanceType<typeof fg.Envelope>) => {
        const payload = envelope.getPayload_asU8();
        if (!fg.GossipMessage.deserializeBinary(payload).hasMemReq()) return;
        const response = new fg.MembershipResponse();
        response.addAlive(aliveOf(signer, address));
        const message = new fg.GossipMessage();
        message.setTag(Tag.EMPTY);
        message.setMemRes(response);
        const nonce = toBigInt(wire.GossipMessage.decode(payload).nonce);
        const reply = new fg.Envelope();
        reply.setPayload(Buffer.concat([message.serializeBinary(), nonceField(nonce)]));
        call.write(reply);
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  const address = `127.0.0.1:${port}`;
  return { server, address, streamMetadata };
}

describe("a peer using Fabric's generated bindings", () => {
  it("handshakes, joins with a membership request, and gets a nonce-matched response it can verify", async () => {
    // The node traces (and would propagate): a client sending no trace context still joins.
    const tracing = tracerForTests();
    cluster = new Cluster(org);
    const { node } = await cluster.startNode({ tracer: tracing.tracer, propagator: tracing.propagator });
    const fabricPeer = await org.newPeer();
    const signer = fabricPeer.signingIdentity;

    client = new fg.GossipClient(node.address, grpc.credentials.createInsecure());
    await new Promise<void>((resolve, reject) =>
      client?.ping(new fg.Empty(), (err) => (err ? reject(err) : resolve())),
    );
    const stream = client.gossipStream();
    const inbox = stream[Symbol.asyncIterator]() as AsyncIterator<InstanceType<typeof fg.Envelope>>;

    // Our ConnEstablish, built with Fabric's classes.
    const pkiId = pkiIdOf(signer.serialized);
    stream.write(connEstablishOf(signer));

    // The node's ConnEstablish: Fabric's bindings decode it and its signature verifies.
    const theirs = await nextWithin(inbox, "the node's ConnEstablish");
    const theirConn = fg.GossipMessage.deserializeBinary(theirs.getPayload_asU8());
    expect(theirConn.getTag()).toBe(Tag.EMPTY);
    const nodeIdentity = theirConn.getConn()?.getIdentity_asU8() ?? new Uint8Array();
    expect(Buffer.from(theirConn.getConn()?.getPkiId_asU8() ?? [])).toEqual(pkiIdOf(nodeIdentity));
    expect(signedBy(theirs, nodeIdentity)).toBe(true);

    // A membership request: our signed alive message inside an unsigned outer envelope.
    const request = new fg.MembershipRequest();
    request.setSelfInformation(aliveOf(signer, "fabric-peer.org1:7051"));
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
    // Without trace context on the stream, the node's SERVER handshake span starts a trace of its own.
    await waitFor(
      () => tracing.exporter.getFinishedSpans().some((s) => s.name === "gossip.handshake"),
      "the handshake span",
    );
    const [handshake] = tracing.exporter.getFinishedSpans().filter((s) => s.name === "gossip.handshake");
    expect(handshake?.parentSpanContext).toBeUndefined();
  });

  it("answers a node whose gossip streams carry traceparent metadata, as a Fabric peer ignores it", async () => {
    const stub = await startFabricStubPeer((await org.newPeer()).signingIdentity);
    fabricServer = stub.server;
    const tracing = tracerForTests();
    cluster = new Cluster(org);
    const { node } = await cluster.startNode({
      bootstrap: [stub.address],
      tracer: tracing.tracer,
      propagator: tracing.propagator,
    });
    await waitFor(() => node.peers()[0]?.state === "connected", "the membership request to be acked");
    expect(node.readiness().ready).toBe(true);
    // The probe and the connection stream both carried the connect attempt's trace.
    const [root] = tracing.exporter.getFinishedSpans().filter((s) => s.name === "gossip.connect");
    const traceparents = stub.streamMetadata.map((metadata) => metadata.get("traceparent")[0]);
    expect(traceparents.length).toBeGreaterThanOrEqual(2);
    for (const traceparent of traceparents) {
      expect(traceparent).toMatch(new RegExp(`^00-${root?.spanContext().traceId}-[0-9a-f]{16}-01$`));
    }
  });
});
