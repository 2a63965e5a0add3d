// Every branch of Discovery.handleMsgFromComm (membership request, alive message,
// membership response) and of handleAliveMessage, driven by direct calls with
// messages signed by real identities.
import { pino } from "pino";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushMicrotasks } from "../../../src/clock/manual-clock.js";
import type { MembershipEvent } from "../../../src/discovery/events.js";
import { IdentityValidator } from "../../../src/identity/validator.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { toBigInt, toLong } from "../../../src/protocol/long.js";
import {
  membershipRequest,
  membershipResponse,
  type PeerTime,
  peerIdentityMessage,
} from "../../../src/protocol/messages.js";
import {
  internalEndpointOf,
  type SignedGossipMessage,
  signMessage,
  unsignedMessage,
} from "../../../src/protocol/signed-message.js";
import { waitFor } from "../../support/wait.js";
import {
  at,
  craftAlive,
  deliver,
  internals,
  metric,
  nodeUnderTest,
  type RemotePeerUnderTest,
  receivedFrom,
  remotePeer,
  responseMembers,
  T0,
  TEST_TIMINGS,
  TestCluster,
  type TestNode,
} from "./fixtures.js";

let cluster: TestCluster;
let node: TestNode;
let validator: IdentityValidator;
let r1: RemotePeerUnderTest;
let r2: RemotePeerUnderTest;
let r3: RemotePeerUnderTest;

beforeEach(async () => {
  cluster = new TestCluster();
  let peers: RemotePeerUnderTest[];
  ({ node, validator, peers } = await nodeUnderTest(
    cluster,
    ["Org1MSP", "Org2MSP"],
    ["r1:7051", "r2:7051", "r3:7051"],
  ));
  [r1, r2, r3] = peers as [RemotePeerUnderTest, RemotePeerUnderTest, RemotePeerUnderTest];
});

const dropped = (reason: string) => metric(node.metrics.messagesDropped, { reason });

/** A debug-level logger and the messages it logged at error level or above. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, errors: () => lines.filter((l) => l.level >= 50).map((l) => l.msg) };
}
const stateOf = (peer: RemotePeerUnderTest) => node.discovery.member(peer.hex)?.state;

/** A response's entries are learned once their signatures are checked, off the event loop. */
const learned = (count: number) =>
  waitFor(() => node.discovery.members().length >= count, `${count} members learned`);

/** Responses are learned one after another: once a later one's entry is, the earlier ones are done. */
async function responsesLearned(sentinel: RemotePeerUnderTest): Promise<void> {
  node.discovery.handleMsgFromComm(memResFrom(r1, [craftAlive(sentinel.signer, { time: at(1) })], []));
  await waitFor(() => stateOf(sentinel) !== undefined, "the sentinel entry learned");
}

/** An alive message from `peer` about itself, arriving from it. */
function aliveFrom(
  peer: RemotePeerUnderTest,
  time: PeerTime,
  extra: Parameters<typeof craftAlive>[1] = { time },
) {
  return receivedFrom(peer, validator, craftAlive(peer.signer, { endpoint: peer.endpoint, ...extra, time }));
}

function memReqFrom(peer: RemotePeerUnderTest, selfInfo: SignedGossipMessage, nonce = 99n) {
  return receivedFrom(peer, validator, unsignedMessage(membershipRequest(selfInfo.envelope, nonce)));
}

function memResFrom(
  peer: RemotePeerUnderTest,
  alive: SignedGossipMessage[],
  dead: SignedGossipMessage[],
  nonce = 5n,
) {
  return receivedFrom(
    peer,
    validator,
    unsignedMessage(
      membershipResponse(
        alive.map((m) => m.envelope),
        dead.map((m) => m.envelope),
        nonce,
      ),
    ),
  );
}

describe("membership request", () => {
  it("learns the requester and answers with a response echoing the nonce", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r2, at(1)));
    const req = memReqFrom(
      r1,
      craftAlive(r1.signer, { time: at(1), endpoint: "r1:7051", internalEndpoint: "r1-int:7051" }),
      1234n,
    );
    node.discovery.handleMsgFromComm(req);
    expect(stateOf(r1)).toBe("alive");
    expect(node.discovery.member(r1.hex)?.internalEndpoint).toBe("r1-int:7051");
    expect(req.messages).toHaveLength(1); // answered at once: respond() only queues
    const reply = req.messages[0] as SignedGossipMessage;
    expect(toBigInt(reply.message.nonce)).toBe(1234n);
    expect(reply.envelope.signature?.length ?? 0).toBe(0); // outer envelope unsigned
    const { alive, dead } = responseMembers(reply);
    const about = alive.map((m) => Buffer.from(m.message.aliveMsg?.membership?.pkiId ?? []).toString("hex"));
    expect(about).toEqual(expect.arrayContaining([node.hex, r1.hex, r2.hex]));
    expect(dead).toHaveLength(0);
    // Same org: our internal endpoint travels along.
    const self = alive.find(
      (m) => Buffer.from(m.message.aliveMsg?.membership?.pkiId ?? []).toString("hex") === node.hex,
    );
    expect(internalEndpointOf(self?.envelope ?? {})).toBe("x:7051");
  });

  it("serves each member's alive message as received: same payload and signatures, the secret only within the org", async () => {
    const original = craftAlive(r2.signer, {
      time: at(1),
      endpoint: r2.endpoint,
      internalEndpoint: "r2-int:7051",
      metadata: new Uint8Array([4, 2]),
    });
    node.discovery.handleMsgFromComm(receivedFrom(r2, validator, original));
    const servedTo = (peer: RemotePeerUnderTest) => {
      const req = memReqFrom(peer, craftAlive(peer.signer, { time: at(1), endpoint: peer.endpoint }));
      node.discovery.handleMsgFromComm(req);
      const { alive } = responseMembers(req.messages[0] as SignedGossipMessage);
      const about = (m: SignedGossipMessage) => Buffer.from(m.message.aliveMsg?.membership?.pkiId ?? []);
      return alive.find((m) => about(m).toString("hex") === r2.hex)?.envelope;
    };
    const bytes = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []);
    const sameOrg = servedTo(r1);
    expect(bytes(sameOrg?.payload).equals(bytes(original.envelope.payload))).toBe(true);
    expect(bytes(sameOrg?.signature).equals(bytes(original.envelope.signature))).toBe(true);
    const secret = original.envelope.secretEnvelope;
    expect(bytes(sameOrg?.secretEnvelope?.payload).equals(bytes(secret?.payload))).toBe(true);
    expect(bytes(sameOrg?.secretEnvelope?.signature).equals(bytes(secret?.signature))).toBe(true);
    const otherOrg = servedTo(await remotePeer(cluster, "o2:7051", "Org2MSP"));
    expect(bytes(otherOrg?.payload).equals(bytes(original.envelope.payload))).toBe(true);
    expect(bytes(otherOrg?.signature).equals(bytes(original.envelope.signature))).toBe(true);
    expect(otherOrg?.secretEnvelope).toBeFalsy();
  });

  it("verifies self information without an attached identity with the handshake identity", async () => {
    const req = memReqFrom(r1, craftAlive(r1.signer, { time: at(1), withIdentity: false }));
    node.discovery.handleMsgFromComm(req);
    expect(stateOf(r1)).toBe("alive");
    await flushMicrotasks();
    expect(req.messages).toHaveLength(1);
  });

  it("drops a request whose self information is not an alive message", async () => {
    const notAlive = signMessage(peerIdentityMessage(r1.signer.pkiId, r1.signer.serialized), (d) =>
      r1.signer.sign(d),
    );
    const req = memReqFrom(r1, notAlive);
    node.discovery.handleMsgFromComm(req);
    await flushMicrotasks();
    expect(req.messages).toHaveLength(0);
    expect(await dropped("invalid")).toBe(1);
  });

  it("drops a request whose self information does not decode", async () => {
    const garbage = {
      envelope: { payload: new Uint8Array([0xff, 0xff, 0xff]), signature: new Uint8Array([1]) },
    };
    const req = memReqFrom(r1, garbage as unknown as SignedGossipMessage);
    node.discovery.handleMsgFromComm(req);
    await flushMicrotasks();
    expect(req.messages).toHaveLength(0);
    expect(await dropped("malformed")).toBe(1);
  });

  it("drops a request whose self information is about another peer than the handshaked one", async () => {
    const req = memReqFrom(r1, craftAlive(r2.signer, { time: at(1) }));
    node.discovery.handleMsgFromComm(req);
    await flushMicrotasks();
    expect(req.messages).toHaveLength(0);
    expect(stateOf(r2)).toBeUndefined();
    expect(await dropped("invalid")).toBe(1);
  });

  it("drops a request whose self information is signed by another key", async () => {
    const req = memReqFrom(r1, craftAlive(r1.signer, { time: at(1), signWith: r2.signer }));
    node.discovery.handleMsgFromComm(req);
    await flushMicrotasks();
    expect(req.messages).toHaveLength(0);
    expect(stateOf(r1)).toBeUndefined();
    expect(await dropped("bad_signature")).toBe(1);
  });

  it("answers a replayed request without learning anything new", async () => {
    const selfInfo = craftAlive(r1.signer, { time: at(3) });
    node.discovery.handleMsgFromComm(memReqFrom(r1, selfInfo));
    const replay = memReqFrom(r1, selfInfo, 100n);
    node.discovery.handleMsgFromComm(replay);
    await flushMicrotasks();
    expect(replay.messages).toHaveLength(1);
    expect(node.events.filter((e) => e.kind === "joined")).toHaveLength(1);
  });

  it("drops a request without tag EMPTY", async () => {
    const request = membershipRequest(craftAlive(r1.signer, { time: at(1) }).envelope, 1n);
    const req = receivedFrom(
      r1,
      validator,
      unsignedMessage({ ...request, tag: gossip.GossipMessage.Tag.ORG_ONLY }),
    );
    deliver(node, req);
    await flushMicrotasks();
    expect(req.messages).toHaveLength(0);
    expect(await metric(node.metrics.messagesDropped, { type: "mem_req", reason: "bad_tag" })).toBe(1);
  });
});

describe("alive message", () => {
  it("learns a new member and forwards the message to others, not back to sender or origin", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r2, at(1)));
    node.discovery.handleMsgFromComm(aliveFrom(r3, at(1)));
    await flushMicrotasks();
    r2.inbox.length = 0;
    r3.inbox.length = 0;
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    await flushMicrotasks();
    expect(stateOf(r1)).toBe("alive");
    expect(r1.inbox).toHaveLength(0);
    const forwarded = [...r2.inbox, ...r3.inbox];
    expect(forwarded).toHaveLength(2);
    for (const m of forwarded)
      expect(Buffer.from(m.signed.message.aliveMsg?.membership?.pkiId ?? []).toString("hex")).toBe(r1.hex);
  });

  it("forwards a relayed alive message to neither the relay nor the member it is about", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    node.discovery.handleMsgFromComm(aliveFrom(r2, at(1)));
    node.discovery.handleMsgFromComm(aliveFrom(r3, at(1)));
    await flushMicrotasks();
    for (const r of [r1, r2, r3]) r.inbox.length = 0;
    node.discovery.handleMsgFromComm(
      receivedFrom(r2, validator, craftAlive(r1.signer, { time: at(2), endpoint: "r1:7051" })),
    );
    await flushMicrotasks();
    expect(r1.inbox).toHaveLength(0);
    expect(r2.inbox).toHaveLength(0);
    expect(r3.inbox).toHaveLength(1);
  });

  it("drops an alive message without tag EMPTY", async () => {
    const alive = craftAlive(r1.signer, { time: at(1) });
    const retagged = signMessage(
      { tag: gossip.GossipMessage.Tag.CHAN_ONLY, aliveMsg: alive.message.aliveMsg },
      (d) => r1.signer.sign(d),
    );
    deliver(node, receivedFrom(r1, validator, retagged));
    expect(stateOf(r1)).toBeUndefined();
    expect(await metric(node.metrics.messagesDropped, { type: "alive", reason: "bad_tag" })).toBe(1);
  });

  it("counts a duplicate and a stale alive message and changes nothing", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(5)));
    const before = node.discovery.member(r1.hex);
    await cluster.clock.advance(100);
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(5)));
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(4)));
    expect(await dropped("duplicate")).toBe(1);
    expect(await dropped("stale")).toBe(1);
    expect(node.discovery.member(r1.hex)).toEqual(before);
  });

  it("drops a forged alive message (signed by another key) and keeps the member as it was", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    const before = node.discovery.member(r1.hex);
    const forged = craftAlive(r1.signer, { time: at(9), endpoint: "evil:1", signWith: r2.signer });
    node.discovery.handleMsgFromComm(receivedFrom(r2, validator, forged));
    expect(await dropped("bad_signature")).toBe(1);
    expect(node.discovery.member(r1.hex)).toEqual(before);
  });

  it("drops an alive message whose secret envelope is signed by another key", async () => {
    const honest = craftAlive(r1.signer, { time: at(1), internalEndpoint: "r1-int:7051" });
    const secret = gossip.Secret.encode({ internalEndpoint: "evil:1" }).finish();
    const tampered = {
      ...honest,
      envelope: {
        ...honest.envelope,
        secretEnvelope: { payload: secret, signature: r2.signer.sign(secret) },
      },
    };
    node.discovery.handleMsgFromComm(receivedFrom(r1, validator, tampered));
    expect(stateOf(r1)).toBeUndefined();
    expect(await dropped("bad_signature")).toBe(1);
  });

  describe("a SecretEnvelope the member repeats (ours sign it once)", () => {
    /** r1's alive message at `seq` carrying `secret` in place of its own. */
    function withSecret(seq: number, secret: gossip.ISecretEnvelope) {
      const alive = craftAlive(r1.signer, { time: at(seq), endpoint: r1.endpoint, internalEndpoint: "x:1" });
      return receivedFrom(r1, validator, {
        ...alive,
        envelope: { ...alive.envelope, secretEnvelope: secret },
      });
    }
    const firstSecret = () => {
      const first = craftAlive(r1.signer, { time: at(1), internalEndpoint: "r1-int:7051" });
      node.discovery.handleMsgFromComm(receivedFrom(r1, validator, first));
      return first.envelope.secretEnvelope as gossip.ISecretEnvelope;
    };

    it("accepts it again, byte for byte, with the internal endpoint it carries", async () => {
      const secret = firstSecret();
      node.discovery.handleMsgFromComm(withSecret(2, secret));
      expect(node.discovery.member(r1.hex)?.seqNum).toBe("2");
      expect(node.discovery.member(r1.hex)?.internalEndpoint).toBe("r1-int:7051");
      expect(await dropped("bad_signature")).toBe(0);
    });

    it("drops a repeated signature over another payload", async () => {
      const secret = firstSecret();
      const payload = gossip.Secret.encode({ internalEndpoint: "evil:1" }).finish();
      node.discovery.handleMsgFromComm(withSecret(2, { payload, signature: secret.signature }));
      expect(await dropped("bad_signature")).toBe(1);
      expect(node.discovery.member(r1.hex)?.seqNum).toBe("1");
      expect(node.discovery.member(r1.hex)?.internalEndpoint).toBe("r1-int:7051");
    });

    it("drops the repeated payload with another key's signature", async () => {
      const secret = firstSecret();
      const signature = r2.signer.sign(secret.payload as Uint8Array);
      node.discovery.handleMsgFromComm(withSecret(2, { payload: secret.payload, signature }));
      expect(await dropped("bad_signature")).toBe(1);
      expect(node.discovery.member(r1.hex)?.seqNum).toBe("1");
    });
  });

  it("drops an alive message without identity about a PKI-ID it has no certificate for", async () => {
    const relayed = craftAlive(r3.signer, { time: at(1), withIdentity: false });
    node.discovery.handleMsgFromComm(receivedFrom(r1, validator, relayed));
    expect(stateOf(r3)).toBeUndefined();
    expect(await dropped("unknown_identity")).toBe(1);
  });

  it("verifies an alive message without identity with the identity already known", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r3, at(1))); // identity attached: now known
    node.discovery.handleMsgFromComm(
      receivedFrom(r1, validator, craftAlive(r3.signer, { time: at(2), withIdentity: false })),
    );
    expect(node.discovery.member(r3.hex)?.seqNum).toBe("2");
  });

  it("drops an alive message whose attached identity is another peer's, before validating that identity", async () => {
    const alive = signMessage(
      {
        tag: gossip.GossipMessage.Tag.EMPTY,
        aliveMsg: {
          membership: { endpoint: "r1:7051", pkiId: r1.signer.pkiId },
          timestamp: { incNum: toLong(T0), seqNum: toLong(1n) },
          identity: r2.signer.serialized,
        },
      },
      (d) => r2.signer.sign(d),
    );
    const received = receivedFrom(r2, validator, alive);
    const validate = vi.spyOn(IdentityValidator.prototype, "validate");
    node.discovery.handleMsgFromComm(received);
    expect(validate).not.toHaveBeenCalled(); // the PKI-ID hash refused it first
    validate.mockRestore();
    expect(stateOf(r1)).toBeUndefined();
    expect(await dropped("invalid")).toBe(1);
  });

  it("drops an alive message whose attached identity is not trusted", async () => {
    const stranger = await cluster.newSigner("Org9MSP"); // created after the node: its validator does not trust Org9
    node.discovery.handleMsgFromComm(receivedFrom(r1, validator, craftAlive(stranger, { time: at(1) })));
    expect(node.discovery.members()).toHaveLength(0);
    expect(await dropped("invalid")).toBe(1);
  });

  it("ignores its own alive message and does not forward it", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    await flushMicrotasks();
    r1.inbox.length = 0;
    const own = craftAlive(node.signer, { time: at(1), endpoint: node.endpoint });
    node.discovery.handleMsgFromComm(receivedFrom(r1, validator, own));
    await flushMicrotasks();
    expect(node.discovery.member(node.hex)).toBeUndefined();
    expect(r1.inbox).toHaveLength(0);
    expect(await metric(node.metrics.messagesDropped)).toBe(0);
  });

  it("counts an alive message forged in our name without logging an error", async () => {
    const { logger, errors } = capturingLogger();
    const me = await cluster.addNode({ endpoint: "y:7051", start: false, logger });
    const forged = craftAlive(me.signer, { time: at(1), endpoint: "evil:1", signWith: r1.signer });
    me.discovery.handleMsgFromComm(receivedFrom(r1, validator, forged));
    expect(await metric(me.metrics.messagesDropped, { reason: "bad_signature" })).toBe(1);
    expect(errors()).toEqual([]);
    expect(me.discovery.members()).toHaveLength(0);
  });

  it("logs a bad configuration when an alive message signed with our key advertises other endpoints", async () => {
    const { logger, errors } = capturingLogger();
    const me = await cluster.addNode({ endpoint: "y:7051", start: false, logger });
    const twin = craftAlive(me.signer, { time: at(1), endpoint: "twin:7051" });
    me.discovery.handleMsgFromComm(receivedFrom(r1, validator, twin));
    expect(errors()).toEqual([expect.stringContaining("bad configuration detected")]);
    expect(await metric(me.metrics.messagesDropped)).toBe(0);
  });

  it("drops message kinds that are not discovery's", async () => {
    const hello = unsignedMessage({
      tag: gossip.GossipMessage.Tag.EMPTY,
      hello: { nonce: toLong(1n), msgType: 2 },
    });
    node.discovery.handleMsgFromComm(receivedFrom(r1, validator, hello));
    expect(await metric(node.metrics.messagesDropped, { type: "hello", reason: "unsupported" })).toBe(1);
  });
});

describe("handleAliveMessage", () => {
  const kinds = (events: MembershipEvent[]) => events.map((e) => e.kind);

  it("learns an unknown member as alive", () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    expect(node.discovery.member(r1.hex)).toMatchObject({
      state: "alive",
      endpoint: "r1:7051",
      seqNum: "1",
      mspId: "Org1MSP",
    });
    expect(kinds(node.events)).toEqual(["joined"]);
  });

  it("refreshes lastSeen of an alive member on a newer message, without an event for a heartbeat", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    await cluster.clock.advance(700);
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(2)));
    expect(node.discovery.member(r1.hex)).toMatchObject({ seqNum: "2", lastSeen: cluster.clock.now() });
    expect(kinds(node.events)).toEqual(["joined"]);
  });

  it('emits "updated" when a newer message changes the endpoint', () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(2), { time: at(2), endpoint: "r1-moved:7051" }));
    expect(node.discovery.member(r1.hex)?.endpoint).toBe("r1-moved:7051");
    expect(kinds(node.events)).toEqual(["joined", "updated"]);
  });

  /**
   * The alive store refuses older messages first; handleAliveMessage judges one
   * itself only once the stored message is forgotten (twice its TTL), which a
   * bootstrap member survives. Not started: no expiry check runs meanwhile.
   */
  async function bootstrapNodeThatForgot(send: (n: TestNode) => void): Promise<TestNode> {
    const seed = await cluster.addNode({ endpoint: "y:7051", start: false, bootstrap: ["r1:7051"] });
    send(seed);
    const ttl = TEST_TIMINGS.aliveExpirationTimeout * TEST_TIMINGS.msgExpirationFactor;
    for (let i = 0; i < 2; i++) {
      await cluster.clock.advance(ttl + 1);
      internals(seed.discovery).aliveStore.expire();
    }
    return seed;
  }

  it("ignores an older message about an alive member whose stored message was forgotten", async () => {
    const seed = await bootstrapNodeThatForgot((n) => n.discovery.handleMsgFromComm(aliveFrom(r1, at(5))));
    seed.discovery.handleMsgFromComm(aliveFrom(r1, at(3)));
    expect(seed.discovery.member(r1.hex)).toMatchObject({ state: "alive", seqNum: "5" });
    expect(kinds(seed.events)).toEqual(["joined"]);
    expect(await metric(seed.metrics.messagesDropped, { reason: "stale" })).toBe(0); // not the store's doing
  });

  it("resurrects a dead member on a newer message", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1)));
    internals(node.discovery).expireDeadMembers([r1.hex]);
    expect(stateOf(r1)).toBe("dead");
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(1, T0 + 10n)));
    expect(node.discovery.member(r1.hex)).toMatchObject({ state: "alive", incNum: String(T0 + 10n) });
    expect(kinds(node.events)).toEqual(["joined", "dead", "resurrected"]);
  });

  it("keeps a dead member dead on an older or equal message", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(4)));
    internals(node.discovery).expireDeadMembers([r1.hex]);
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(3)));
    node.discovery.handleMsgFromComm(aliveFrom(r1, at(4)));
    expect(stateOf(r1)).toBe("dead");
    expect(kinds(node.events)).toEqual(["joined", "dead"]);
  });

  it("keeps a dead member dead on an older or equal message once its stored message was forgotten", async () => {
    const seed = await bootstrapNodeThatForgot((n) => {
      n.discovery.handleMsgFromComm(aliveFrom(r1, at(4)));
      internals(n.discovery).expireDeadMembers([r1.hex]);
    });
    seed.discovery.handleMsgFromComm(aliveFrom(r1, at(3)));
    seed.discovery.handleMsgFromComm(aliveFrom(r1, at(4)));
    expect(seed.discovery.member(r1.hex)?.state).toBe("dead");
    expect(kinds(seed.events)).toEqual(["joined", "dead"]);
  });
});

describe("membership response", () => {
  it("learns the alive members and the dead ones not yet known", async () => {
    const res = memResFrom(
      r1,
      [craftAlive(r1.signer, { time: at(1) }), craftAlive(r2.signer, { time: at(1) })],
      [craftAlive(r3.signer, { time: at(1) })],
    );
    node.discovery.handleMsgFromComm(res);
    await learned(3);
    expect(stateOf(r1)).toBe("alive");
    expect(stateOf(r2)).toBe("alive");
    expect(stateOf(r3)).toBe("dead");
    expect(node.events.map((e) => e.kind).sort()).toEqual(["dead", "joined", "joined"]);
  });

  it("does not mark a known alive member dead because a response lists it as dead", async () => {
    node.discovery.handleMsgFromComm(aliveFrom(r2, at(1)));
    node.discovery.handleMsgFromComm(memResFrom(r1, [], [craftAlive(r2.signer, { time: at(2) })]));
    await responsesLearned(r3);
    expect(stateOf(r2)).toBe("alive");
  });

  it("skips forged entries and entries about itself", async () => {
    const forged = craftAlive(r2.signer, { time: at(1), signWith: r1.signer });
    const own = craftAlive(node.signer, { time: at(1) });
    node.discovery.handleMsgFromComm(
      memResFrom(r1, [forged, own, craftAlive(r3.signer, { time: at(1) })], []),
    );
    await learned(1);
    expect(stateOf(r2)).toBeUndefined();
    expect(stateOf(r3)).toBe("alive");
    expect(node.discovery.member(node.hex)).toBeUndefined();
    // The entry dropped is an alive message, whatever carried it.
    expect(await metric(node.metrics.messagesDropped, { type: "alive", reason: "bad_signature" })).toBe(1);
  });

  it("abandons the rest of a response at an entry that is not an alive message", async () => {
    const notAlive = signMessage(peerIdentityMessage(r2.signer.pkiId, r2.signer.serialized), (d) =>
      r2.signer.sign(d),
    );
    node.discovery.handleMsgFromComm(memResFrom(r1, [notAlive, craftAlive(r3.signer, { time: at(1) })], []));
    await responsesLearned(r1);
    expect(stateOf(r3)).toBeUndefined();
    expect(await metric(node.metrics.messagesDropped, { type: "peer_identity", reason: "invalid" })).toBe(1);
  });

  it("acks the pending request with the response nonce", async () => {
    const sub = internals(node.discovery).pubsub.subscribe("77", 1_000);
    node.discovery.handleMsgFromComm(memResFrom(r1, [], [], 77n));
    await expect(sub.listen()).resolves.toBe(77n);
  });
});
