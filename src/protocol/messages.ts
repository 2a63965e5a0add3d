// Builders and classifiers for the GossipMessage kinds membership uses. Every
// membership message carries tag EMPTY, as Fabric requires.
import { randomBytes } from "node:crypto";
import { gossip } from "./generated/wire.js";
import { toBigInt, toLong } from "./long.js";

export type MessageKind =
  | "alive"
  | "mem_req"
  | "mem_res"
  | "hello"
  | "data_dig"
  | "data_req"
  | "data_update"
  | "empty"
  | "conn"
  | "peer_identity"
  | "unknown";

/** Every kind, for metrics that pre-register their label values. */
export const MESSAGE_KINDS: readonly MessageKind[] = [
  "alive",
  "mem_req",
  "mem_res",
  "hello",
  "data_dig",
  "data_req",
  "data_update",
  "empty",
  "conn",
  "peer_identity",
  "unknown",
];

/**
 * The kind of a message's content: the first content field set, in the proto's order. It runs
 * several times per message (comm's metrics, the router, discovery, drops), so it neither uses
 * protobufjs's `content` getter (an array of the message's own keys per call) nor loops over
 * field names: a load whose key changes from one call to the next is megamorphic, a lookup in
 * V8's global stub cache each time, where a named load is one map check. Decoding keeps one
 * content field at most (the oneof's setter clears the others), and every message here is
 * decoded: for them both answers are the same. An alive message is found at the first test.
 */
export function kindOf(message: gossip.GossipMessage): MessageKind {
  if (message.aliveMsg) return "alive";
  if (message.memReq) return "mem_req";
  if (message.memRes) return "mem_res";
  if (message.hello) return "hello";
  if (message.dataDig) return "data_dig";
  if (message.dataReq) return "data_req";
  if (message.dataUpdate) return "data_update";
  if (message.empty) return "empty";
  if (message.conn) return "conn";
  if (message.peerIdentity) return "peer_identity";
  return "unknown";
}

const { Tag } = gossip.GossipMessage;

/** A uniformly random 64-bit nonce, as Fabric's util.RandomUInt64. */
export function randomNonce(): bigint {
  return randomBytes(8).readBigUInt64BE();
}

export interface PeerTime {
  incNum: bigint;
  seqNum: bigint;
}

/** Negative when a is older than b, zero when equal, positive when newer. */
export function compareTime(a: PeerTime, b: PeerTime): number {
  if (a.incNum !== b.incNum) return a.incNum < b.incNum ? -1 : 1;
  if (a.seqNum !== b.seqNum) return a.seqNum < b.seqNum ? -1 : 1;
  return 0;
}

export function timeOf(alive: gossip.IAliveMessage): PeerTime {
  return { incNum: toBigInt(alive.timestamp?.incNum), seqNum: toBigInt(alive.timestamp?.seqNum) };
}

export interface AliveFields {
  endpoint: string;
  pkiId: Uint8Array;
  metadata?: Uint8Array;
  time: PeerTime;
  /** The serialized identity; attached only during publishCertPeriod. */
  identity?: Uint8Array;
}

export function aliveMessage(fields: AliveFields): gossip.IGossipMessage {
  return {
    tag: Tag.EMPTY,
    aliveMsg: {
      membership: { endpoint: fields.endpoint, metadata: fields.metadata ?? null, pkiId: fields.pkiId },
      timestamp: { incNum: toLong(fields.time.incNum), seqNum: toLong(fields.time.seqNum) },
      identity: fields.identity ?? null,
    },
  };
}

export function membershipRequest(selfInformation: gossip.IEnvelope, nonce: bigint): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, nonce: toLong(nonce), memReq: { selfInformation, known: [] } };
}

export function membershipResponse(
  alive: gossip.IEnvelope[],
  dead: gossip.IEnvelope[],
  nonce: bigint,
): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, nonce: toLong(nonce), memRes: { alive, dead } };
}

export interface ConnEstablishFields {
  pkiId: Uint8Array;
  identity: Uint8Array;
  tlsCertHash?: Uint8Array;
  probe?: boolean;
}

export function connEstablish(fields: ConnEstablishFields): gossip.IGossipMessage {
  return {
    tag: Tag.EMPTY,
    nonce: toLong(0n),
    conn: {
      pkiId: fields.pkiId,
      identity: fields.identity,
      tlsCertHash: fields.tlsCertHash ?? null,
      probe: fields.probe ?? false,
    },
  };
}

export function emptyMessage(): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, empty: {} };
}

export function peerIdentityMessage(pkiId: Uint8Array, cert: Uint8Array): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, peerIdentity: { pkiId, cert, metadata: null } };
}

const IDENTITY_MSG = gossip.PullMsgType.IDENTITY_MSG;

export function helloMessage(nonce: bigint): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, hello: { nonce: toLong(nonce), metadata: null, msgType: IDENTITY_MSG } };
}

export function digestMessage(nonce: bigint, digests: Uint8Array[]): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, dataDig: { nonce: toLong(nonce), digests, msgType: IDENTITY_MSG } };
}

export function dataRequestMessage(nonce: bigint, digests: Uint8Array[]): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, dataReq: { nonce: toLong(nonce), digests, msgType: IDENTITY_MSG } };
}

export function dataUpdateMessage(nonce: bigint, data: gossip.IEnvelope[]): gossip.IGossipMessage {
  return { tag: Tag.EMPTY, dataUpdate: { nonce: toLong(nonce), data, msgType: IDENTITY_MSG } };
}

/** Membership and identity-pull messages must carry tag EMPTY; Fabric drops others. */
export function hasEmptyTag(message: gossip.GossipMessage): boolean {
  return message.tag === Tag.EMPTY;
}
