// kindOf reads the content fields directly; on decoded messages it must name what
// protobufjs's `content` oneof getter names: for every kind, for none, and for bytes with two.
// The generated oneof setter (src/protocol/oneof-setter.ts) must leave a decoded message holding the
// last content on the wire and no other, as protobufjs's own setter did.
import { describe, expect, it } from "vitest";
import { gossip } from "../../../src/protocol/generated/wire.js";
import {
  aliveMessage,
  connEstablish,
  dataRequestMessage,
  dataUpdateMessage,
  digestMessage,
  emptyMessage,
  helloMessage,
  kindOf,
  type MessageKind,
  membershipRequest,
  membershipResponse,
  peerIdentityMessage,
} from "../../../src/protocol/messages.js";

const pkiId = new Uint8Array([1, 2, 3]);
const BUILT: [MessageKind, gossip.IGossipMessage][] = [
  ["alive", aliveMessage({ endpoint: "p:7051", pkiId, time: { incNum: 1n, seqNum: 2n } })],
  ["mem_req", membershipRequest({ payload: new Uint8Array([1]) }, 7n)],
  ["mem_res", membershipResponse([], [], 7n)],
  ["hello", helloMessage(3n)],
  ["data_dig", digestMessage(3n, [pkiId])],
  ["data_req", dataRequestMessage(3n, [pkiId])],
  ["data_update", dataUpdateMessage(3n, [])],
  ["empty", emptyMessage()],
  ["conn", connEstablish({ pkiId, identity: pkiId })],
  ["peer_identity", peerIdentityMessage(pkiId, pkiId)],
];

/** As a receiver sees it: decoded from bytes. */
const decoded = (bytes: Uint8Array) => gossip.GossipMessage.decode(bytes);
const encoded = (message: gossip.IGossipMessage) => gossip.GossipMessage.encode(message).finish();

describe("kindOf", () => {
  it.each(BUILT)("names a decoded %s message as the content getter does", (kind, message) => {
    const received = decoded(encoded(message));
    expect(kindOf(received)).toBe(kind);
    expect(received.content).toBeDefined();
  });

  it("is unknown for a message with no content", () => {
    expect(kindOf(decoded(encoded({ tag: gossip.GossipMessage.Tag.EMPTY })))).toBe("unknown");
  });

  it("names the last content on the wire, as decoding keeps only that one", () => {
    const alive = BUILT[0]?.[1] as gossip.IGossipMessage;
    // Concatenated protobuf messages merge; the oneof keeps the content read last.
    const merged = decoded(Buffer.concat([encoded(alive), encoded(helloMessage(3n))]));
    expect(kindOf(merged)).toBe("hello");
    expect(merged.content).toBe("hello");
  });
});

describe("the generated oneof setter", () => {
  const CONTENT_FIELDS = [
    "aliveMsg",
    "memReq",
    "memRes",
    "hello",
    "dataDig",
    "dataReq",
    "dataUpdate",
    "empty",
    "conn",
    "peerIdentity",
  ];
  const ownContent = (message: gossip.GossipMessage) =>
    CONTENT_FIELDS.filter((field) => Object.hasOwn(message, field));

  it.each(BUILT)("keeps only the last of two contents on the wire, ending with %s", (kind, last) => {
    for (const [, first] of BUILT) {
      const merged = decoded(Buffer.concat([encoded(first), encoded(last)]));
      expect(kindOf(merged)).toBe(kind);
      expect(ownContent(merged)).toEqual([merged.content]);
    }
  });

  it("keeps the message's other fields", () => {
    const merged = decoded(Buffer.concat([encoded(helloMessage(3n)), encoded(BUILT[0]?.[1] ?? {})]));
    expect(merged.tag).toBe(gossip.GossipMessage.Tag.EMPTY);
    expect(merged.aliveMsg?.membership?.endpoint).toBe("p:7051");
  });

  it("clears every content when set to none, as protobufjs's did", () => {
    const message = decoded(encoded(helloMessage(3n)));
    message.content = undefined as unknown as "hello";
    expect(ownContent(message)).toEqual([]);
    expect(kindOf(message)).toBe("unknown");
  });
});
