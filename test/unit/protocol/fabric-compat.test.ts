// Proves wire compatibility: bytes we encode decode field by field with
// Fabric's official bindings, and bytes they encode decode with ours.
import fabricProtos from "@hyperledger/fabric-protos";
import { describe, expect, it } from "vitest";
import { gossip, msp } from "../../../src/protocol/generated/wire.js";
import { toBigInt } from "../../../src/protocol/long.js";
import {
  aliveMessage,
  connEstablish,
  dataRequestMessage,
  dataUpdateMessage,
  digestMessage,
  helloMessage,
  kindOf,
  membershipRequest,
  membershipResponse,
  peerIdentityMessage,
} from "../../../src/protocol/messages.js";
import { decodeEnvelope, encodeEnvelope, openEnvelope } from "../../../src/protocol/signed-message.js";

const fabric = fabricProtos.gossip;
const bytes = (...values: number[]) => Uint8Array.from(values);
const encode = (m: gossip.IGossipMessage) => gossip.GossipMessage.encode(m).finish();
const asFabric = (m: gossip.IGossipMessage) => fabric.GossipMessage.deserializeBinary(encode(m));
const same = (a: Uint8Array | string, b: Uint8Array) =>
  expect(Buffer.from(a as Uint8Array)).toEqual(Buffer.from(b));

// google-protobuf returns uint64 as a JS number: keep test values below 2^53 where equality is exact.
const TIME = { incNum: 1_700_000_000_123_456n, seqNum: 42n };

describe("our encoding, decoded by Fabric's bindings", () => {
  it("alive message: member, timestamp, identity and tag EMPTY", () => {
    const m = asFabric(
      aliveMessage({ endpoint: "peer0:7051", pkiId: bytes(1, 2, 3), time: TIME, identity: bytes(9) }),
    );
    expect(m.getTag()).toBe(fabric.GossipMessage.Tag.EMPTY);
    const alive = m.getAliveMsg();
    expect(alive?.getMembership()?.getEndpoint()).toBe("peer0:7051");
    same(alive?.getMembership()?.getPkiId_asU8() ?? bytes(), bytes(1, 2, 3));
    expect(alive?.getTimestamp()?.getIncNum()).toBe(Number(TIME.incNum));
    expect(alive?.getTimestamp()?.getSeqNum()).toBe(42);
    same(alive?.getIdentity_asU8() ?? bytes(), bytes(9));
  });

  it("membership request: nonce and the self-information envelope", () => {
    const self = { payload: bytes(5, 6), signature: bytes(7) };
    const m = asFabric(membershipRequest(self, 123_456_789n));
    expect(m.getNonce()).toBe(123_456_789);
    const info = m.getMemReq()?.getSelfInformation();
    same(info?.getPayload_asU8() ?? bytes(), bytes(5, 6));
    same(info?.getSignature_asU8() ?? bytes(), bytes(7));
  });

  it("membership response: alive and dead envelopes and the echoed nonce", () => {
    const m = asFabric(
      membershipResponse([{ payload: bytes(1) }, { payload: bytes(2) }], [{ payload: bytes(3) }], 77n),
    );
    expect(m.getNonce()).toBe(77);
    expect(
      m
        .getMemRes()
        ?.getAliveList()
        .map((e) => e.getPayload_asU8()[0]),
    ).toEqual([1, 2]);
    expect(
      m
        .getMemRes()
        ?.getDeadList()
        .map((e) => e.getPayload_asU8()[0]),
    ).toEqual([3]);
  });

  it("ConnEstablish: pki_id, identity, tls_cert_hash, probe", () => {
    const m = asFabric(
      connEstablish({ pkiId: bytes(1), identity: bytes(2), tlsCertHash: bytes(3), probe: true }),
    );
    const conn = m.getConn();
    same(conn?.getPkiId_asU8() ?? bytes(), bytes(1));
    same(conn?.getIdentity_asU8() ?? bytes(), bytes(2));
    same(conn?.getTlsCertHash_asU8() ?? bytes(), bytes(3));
    expect(conn?.getProbe()).toBe(true);
    expect(m.getNonce()).toBe(0);
  });

  it("identity pull: hello, digest, request, update with msg_type IDENTITY_MSG", () => {
    const IDENTITY = fabric.PullMsgType.IDENTITY_MSG;
    expect(asFabric(helloMessage(5n)).getHello()?.getMsgType()).toBe(IDENTITY);
    const dig = asFabric(digestMessage(6n, [bytes(1), bytes(2)])).getDataDig();
    expect(dig?.getNonce()).toBe(6);
    expect(dig?.getDigestsList_asU8().map((d) => d[0])).toEqual([1, 2]);
    const req = asFabric(dataRequestMessage(7n, [bytes(3)])).getDataReq();
    expect(req?.getMsgType()).toBe(IDENTITY);
    const upd = asFabric(dataUpdateMessage(8n, [{ payload: bytes(4) }])).getDataUpdate();
    expect(upd?.getDataList()[0]?.getPayload_asU8()[0]).toBe(4);
    const pid = asFabric(peerIdentityMessage(bytes(1), bytes(2))).getPeerIdentity();
    same(pid?.getCert_asU8() ?? bytes(), bytes(2));
  });

  it("envelope with a secret envelope carrying the internal endpoint", () => {
    const secret = gossip.Secret.encode({ internalEndpoint: "10.0.0.1:7051" }).finish();
    const env = fabric.Envelope.deserializeBinary(
      encodeEnvelope({
        payload: bytes(1),
        signature: bytes(2),
        secretEnvelope: { payload: secret, signature: bytes(3) },
      }),
    );
    const inner = fabric.Secret.deserializeBinary(env.getSecretEnvelope()?.getPayload_asU8() ?? bytes());
    expect(inner.getInternalendpoint()).toBe("10.0.0.1:7051");
  });

  it("serialized identity", () => {
    const encoded = msp.SerializedIdentity.encode({
      mspid: "Org1MSP",
      idBytes: Buffer.from("PEM\n"),
    }).finish();
    const decoded = fabricProtos.msp.SerializedIdentity.deserializeBinary(encoded);
    expect(decoded.getMspid()).toBe("Org1MSP");
    expect(Buffer.from(decoded.getIdBytes_asU8()).toString()).toBe("PEM\n");
  });
});

describe("Fabric's encoding, decoded by ours", () => {
  it("alive message inside a membership request", () => {
    const member = new fabric.Member();
    member.setEndpoint("peer1:7051");
    member.setPkiId(bytes(4, 5));
    const ts = new fabric.PeerTime();
    ts.setIncNum(Number(TIME.incNum));
    ts.setSeqNum(7);
    const alive = new fabric.AliveMessage();
    alive.setMembership(member);
    alive.setTimestamp(ts);
    const aliveMsg = new fabric.GossipMessage();
    aliveMsg.setTag(fabric.GossipMessage.Tag.EMPTY);
    aliveMsg.setAliveMsg(alive);
    const selfInfo = new fabric.Envelope();
    selfInfo.setPayload(aliveMsg.serializeBinary());
    selfInfo.setSignature(bytes(8));
    const req = new fabric.MembershipRequest();
    req.setSelfInformation(selfInfo);
    const outer = new fabric.GossipMessage();
    outer.setNonce(99);
    outer.setTag(fabric.GossipMessage.Tag.EMPTY);
    outer.setMemReq(req);

    const ours = gossip.GossipMessage.decode(outer.serializeBinary());
    expect(kindOf(ours)).toBe("mem_req");
    expect(toBigInt(ours.nonce)).toBe(99n);
    const inner = openEnvelope(ours.memReq?.selfInformation ?? {});
    expect(kindOf(inner.message)).toBe("alive");
    expect(inner.message.aliveMsg?.membership?.endpoint).toBe("peer1:7051");
    expect(toBigInt(inner.message.aliveMsg?.timestamp?.incNum)).toBe(TIME.incNum);
    expect(toBigInt(inner.message.aliveMsg?.timestamp?.seqNum)).toBe(7n);
  });

  it("ConnEstablish in an envelope", () => {
    const conn = new fabric.ConnEstablish();
    conn.setPkiId(bytes(1));
    conn.setIdentity(bytes(2));
    conn.setProbe(true);
    const m = new fabric.GossipMessage();
    m.setTag(fabric.GossipMessage.Tag.EMPTY);
    m.setConn(conn);
    const env = new fabric.Envelope();
    env.setPayload(m.serializeBinary());
    env.setSignature(bytes(3));
    const opened = openEnvelope(decodeEnvelope(env.serializeBinary(), 1 << 20));
    expect(kindOf(opened.message)).toBe("conn");
    expect(opened.message.conn?.probe).toBe(true);
  });

  it("a content kind we do not handle decodes as unknown, and its payload bytes are kept intact", () => {
    const data = new fabric.DataMessage();
    const payload = new fabric.Payload();
    payload.setSeqNum(3);
    payload.setData(bytes(1, 2, 3));
    data.setPayload(payload);
    const m = new fabric.GossipMessage();
    m.setTag(fabric.GossipMessage.Tag.CHAN_AND_ORG);
    m.setChannel(Buffer.from("mychannel"));
    m.setDataMsg(data);
    const payloadBytes = m.serializeBinary();
    const env = new fabric.Envelope();
    env.setPayload(payloadBytes);
    const opened = openEnvelope(decodeEnvelope(env.serializeBinary(), 1 << 20));
    expect(kindOf(opened.message)).toBe("unknown");
    // Forwarding re-sends the original bytes, so a receiver still sees the data message.
    const resent = fabric.Envelope.deserializeBinary(encodeEnvelope(opened.envelope));
    expect(fabric.GossipMessage.deserializeBinary(resent.getPayload_asU8()).hasDataMsg()).toBe(true);
  });
});
