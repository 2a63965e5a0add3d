// A membership response's entries are checked on libuv's threadpool, a bounded window at a
// time, and learned in the response's order: a bad entry is dropped alone, a newer alive
// message arriving meanwhile wins, stop() applies nothing, responses are learned one after
// another. Real signatures, checked asynchronously: the tests wait for events, never sleep.
import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import {
  MAX_QUEUED_RESPONSES,
  RESPONSE_ENTRIES_IN_FLIGHT,
} from "../../../src/discovery/membership-exchange.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../../src/identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../../../src/identity/validator.js";
import { membershipResponse } from "../../../src/protocol/messages.js";
import { type SignedGossipMessage, unsignedMessage } from "../../../src/protocol/signed-message.js";
import { waitFor } from "../../support/wait.js";
import {
  at,
  craftAlive,
  internals,
  metric,
  nodeUnderTest,
  type RemotePeerUnderTest,
  receivedFrom,
  TestCluster,
  type TestNode,
} from "./fixtures.js";

let cluster: TestCluster;
let node: TestNode;
let validator: IdentityValidator;
let r1: RemotePeerUnderTest;

beforeEach(async () => {
  cluster = new TestCluster();
  let peers: RemotePeerUnderTest[];
  ({ node, validator, peers } = await nodeUnderTest(cluster, ["Org1MSP"], ["r1:7051"]));
  r1 = peers[0] as RemotePeerUnderTest;
});

/** Counts the node's asynchronous signature checks: started, settled, most in flight at once. */
class CheckCounter {
  started = 0;
  settled = 0;
  maxInFlight = 0;

  /** `real`'s checks, counted, under another PKI-ID. */
  identity(real: ValidatedIdentity, pkiId: Uint8Array): ValidatedIdentity {
    return {
      mspId: real.mspId,
      pkiId,
      publicKey: real.publicKey,
      expiresAt: real.expiresAt,
      verify: () => {
        throw new Error("a membership response entry was checked on the event loop");
      },
      verifyAsync: (data, signature) => {
        this.started++;
        this.maxInFlight = Math.max(this.maxInFlight, this.started - this.settled);
        return real.verifyAsync(data, signature).finally(() => this.settled++);
      },
    };
  }
}

/**
 * `count` members known to the node by identity (no certificate in their messages), all
 * signing with r1's key under PKI-IDs of their own, their checks counted.
 */
function members(count: number, counter: CheckCounter): SigningIdentity[] {
  const real = validator.validate(r1.signer.serialized);
  return Array.from({ length: count }, () => {
    const signer: SigningIdentity = { ...r1.signer, pkiId: new Uint8Array(randomBytes(32)) };
    node.identities.put(counter.identity(real, signer.pkiId));
    return signer;
  });
}

const aliveOf = (signer: SigningIdentity, seqNum = 1, signWith?: SigningIdentity) =>
  craftAlive(signer, {
    time: at(seqNum),
    endpoint: `${pkiIdHex(signer.pkiId).slice(0, 8)}:7051`,
    internalEndpoint: `${pkiIdHex(signer.pkiId).slice(0, 8)}-int:7051`,
    withIdentity: false,
    signWith,
  });

function responseOf(alive: SignedGossipMessage[], nonce = 5n) {
  return receivedFrom(
    r1,
    validator,
    unsignedMessage(
      membershipResponse(
        alive.map((m) => m.envelope),
        [],
        nonce,
      ),
    ),
  );
}

const joinedOrder = () => node.events.filter((e) => e.kind === "joined").map((e) => e.pkiId);
const learned = (signer: SigningIdentity) =>
  waitFor(() => node.discovery.member(signer.pkiId) !== undefined, "the last entry learned");
const dropped = (reason: string) => metric(node.metrics.messagesDropped, { type: "alive", reason });

describe("membership response learned off the event loop", () => {
  it("drops a bad entry among good ones alone, counted as a bad signature", async () => {
    const counter = new CheckCounter();
    const [a, b, c] = members(3, counter) as [SigningIdentity, SigningIdentity, SigningIdentity];
    const forged = aliveOf(b, 1, (await cluster.newSigner()) as SigningIdentity);
    node.discovery.handleMsgFromComm(responseOf([aliveOf(a), forged, aliveOf(c)]));
    await learned(c);
    expect(node.discovery.member(a.pkiId)?.state).toBe("alive");
    expect(node.discovery.member(b.pkiId)).toBeUndefined();
    expect(await dropped("bad_signature")).toBe(1);
    expect(counter.started).toBe(6); // every entry, message and secret envelope
  });

  it("learns the members in the response's order", async () => {
    const counter = new CheckCounter();
    const signers = members(RESPONSE_ENTRIES_IN_FLIGHT + 8, counter);
    node.discovery.handleMsgFromComm(responseOf(signers.map((s) => aliveOf(s))));
    await learned(signers.at(-1) as SigningIdentity);
    expect(joinedOrder()).toEqual(signers.map((s) => pkiIdHex(s.pkiId)));
  });

  it(`checks at most ${RESPONSE_ENTRIES_IN_FLIGHT} entries (two signatures each) at once`, async () => {
    const counter = new CheckCounter();
    const signers = members(3 * RESPONSE_ENTRIES_IN_FLIGHT, counter);
    node.discovery.handleMsgFromComm(responseOf(signers.map((s) => aliveOf(s))));
    expect(counter.started).toBe(2 * RESPONSE_ENTRIES_IN_FLIGHT); // the first window, started at once
    await learned(signers.at(-1) as SigningIdentity);
    expect(counter.started).toBe(2 * signers.length);
    expect(counter.maxInFlight).toBe(2 * RESPONSE_ENTRIES_IN_FLIGHT);
  });

  it("lets a newer alive message of the same member, arriving during the checks, win", async () => {
    const counter = new CheckCounter();
    const [a] = members(1, counter) as [SigningIdentity];
    node.discovery.handleMsgFromComm(responseOf([craftAlive(r1.signer, { time: at(1) }), aliveOf(a)]));
    expect(counter.started).toBe(2); // a's entry is being checked, and r1's before it
    // Gossiped while the checks are in flight: verified at once, on the event loop.
    node.discovery.handleMsgFromComm(
      receivedFrom(r1, validator, craftAlive(r1.signer, { time: at(2), endpoint: "r1:7051" })),
    );
    await learned(a);
    expect(node.discovery.member(r1.hex)).toMatchObject({ state: "alive", seqNum: "2", endpoint: "r1:7051" });
    // The response's older entry was not applied after it (it would have been an update).
    expect(node.events.filter((e) => e.pkiId === r1.hex).map((e) => e.kind)).toEqual(["joined"]);
    expect(await dropped("bad_signature")).toBe(0);
  });

  it("applies nothing after stop() and leaves no check running", async () => {
    const counter = new CheckCounter();
    const signers = members(3 * RESPONSE_ENTRIES_IN_FLIGHT, counter);
    node.discovery.handleMsgFromComm(responseOf(signers.map((s) => aliveOf(s))));
    expect(counter.started).toBeGreaterThan(0);
    await node.discovery.stop();
    expect(counter.settled).toBe(counter.started); // stop() waited for the checks in flight
    expect(counter.started).toBe(2 * RESPONSE_ENTRIES_IN_FLIGHT); // and started none after
    expect(node.discovery.members()).toEqual([]);
    expect(node.events).toEqual([]);
  });

  it("learns responses one after another: members the first taught cost the second no check", async () => {
    const counter = new CheckCounter();
    const signers = members(4, counter);
    const [last, ...firstOnes] = [...signers].reverse() as [SigningIdentity, ...SigningIdentity[]];
    node.discovery.handleMsgFromComm(
      responseOf(
        firstOnes.map((s) => aliveOf(s)),
        5n,
      ),
    );
    node.discovery.handleMsgFromComm(
      responseOf(
        signers.map((s) => aliveOf(s)),
        6n,
      ),
    );
    await learned(last);
    expect(counter.started).toBe(2 * signers.length);
  });

  it(`drops a response when ${MAX_QUEUED_RESPONSES} wait behind the one being learned, acking its nonce`, async () => {
    const counter = new CheckCounter();
    const [a] = members(1, counter) as [SigningIdentity];
    const acked = internals(node.discovery).pubsub.subscribe("99", 1_000).listen();
    for (let i = 0; i <= MAX_QUEUED_RESPONSES; i++)
      node.discovery.handleMsgFromComm(responseOf([aliveOf(a)]));
    node.discovery.handleMsgFromComm(responseOf([aliveOf(a)], 99n));
    await expect(acked).resolves.toBe(99n);
    expect(await metric(node.metrics.messagesDropped, { type: "mem_res", reason: "overflow" })).toBe(1);
    await learned(a);
  });
});
