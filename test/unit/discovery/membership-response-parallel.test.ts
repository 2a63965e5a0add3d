// A membership response large enough to be verified on the threadpool: every entry is
// authenticated before it is applied, entries are applied in the response's order, and an
// entry superseded while it was being verified is not applied.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  MAX_ENTRIES_VERIFYING,
  PARALLEL_VERIFY_MIN_ENTRIES,
} from "../../../src/discovery/membership-exchange.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { SigningIdentity } from "../../../src/identity/signing-identity.js";
import type { IdentityValidator } from "../../../src/identity/validator.js";
import { membershipResponse, type PeerTime } from "../../../src/protocol/messages.js";
import { type SignedGossipMessage, unsignedMessage } from "../../../src/protocol/signed-message.js";
import { waitFor } from "../../support/wait.js";
import { at, craftAlive, metric, receivedFrom, TestCluster, type TestNode } from "./fixtures.js";

/** More entries than are verified at once, so the window refills. */
const ENTRIES = MAX_ENTRIES_VERIFYING + 6;

let cluster: TestCluster;
let node: TestNode;
let validator: IdentityValidator;
let members: SigningIdentity[];

beforeEach(async () => {
  cluster = new TestCluster();
  await cluster.trust("Org1MSP");
  node = await cluster.addNode({ endpoint: "x:7051", start: false });
  validator = cluster.validator();
  members = [];
  for (let i = 0; i < ENTRIES; i++) members.push(await cluster.newSigner("Org1MSP"));
});

afterEach(async () => {
  await node.stop();
});

const sender = () => ({ signer: members[0] as SigningIdentity, endpoint: "m0:7051" });
const endpointOf = (i: number) => `m${i}:7051`;
const aliveOf = (i: number, time: PeerTime = at(1), extra: Partial<Parameters<typeof craftAlive>[1]> = {}) =>
  craftAlive(members[i] as SigningIdentity, { endpoint: endpointOf(i), time, ...extra });
const respond = (alive: SignedGossipMessage[], dead: SignedGossipMessage[] = []) =>
  node.discovery.handleMsgFromComm(
    receivedFrom(
      sender(),
      validator,
      unsignedMessage(
        membershipResponse(
          alive.map((m) => m.envelope),
          dead.map((m) => m.envelope),
          5n,
        ),
      ),
    ),
  );
const joined = () => node.events.filter((e) => e.kind === "joined").map((e) => e.pkiId);
const hexOf = (i: number) => pkiIdHex((members[i] as SigningIdentity).pkiId);

describe("a large membership response", () => {
  it("is large enough to take the parallel path", () => {
    expect(ENTRIES).toBeGreaterThanOrEqual(PARALLEL_VERIFY_MIN_ENTRIES);
  });

  it("applies no entry before its signatures are verified, then every entry in the response's order", async () => {
    respond(members.map((_, i) => aliveOf(i)));
    // Verification is on the threadpool: nothing can have been applied when the handler returns.
    expect(joined()).toEqual([]);
    await waitFor(() => joined().length === ENTRIES, "every member to join");
    expect(joined()).toEqual(members.map((_, i) => hexOf(i)));
  });

  it("drops entries whose message or secret envelope is not signed by the member, and learns the rest", async () => {
    const forged = aliveOf(1, at(1), { signWith: members[2] as SigningIdentity });
    const secretForged = aliveOf(3, at(1), {
      internalEndpoint: "i3:7051",
      signWith: members[4] as SigningIdentity,
    });
    const entries = members.map((_, i) => (i === 1 ? forged : i === 3 ? secretForged : aliveOf(i)));
    respond(entries);
    await waitFor(() => joined().length === ENTRIES - 2, "the authentic members to join");
    expect(node.discovery.member(hexOf(1))).toBeUndefined();
    expect(node.discovery.member(hexOf(3))).toBeUndefined();
    expect(await metric(node.metrics.messagesDropped, { type: "alive", reason: "bad_signature" })).toBe(2);
  });

  it("does not apply an entry that a newer alive message superseded while it was verified", async () => {
    respond(members.map((_, i) => aliveOf(i, at(1))));
    // Arrives (and is verified synchronously) before the response's entries are applied.
    node.discovery.handleMsgFromComm(
      receivedFrom(
        { signer: members[5] as SigningIdentity, endpoint: endpointOf(5) },
        validator,
        aliveOf(5, at(9)),
      ),
    );
    await waitFor(() => joined().length === ENTRIES, "every member to join");
    expect(node.discovery.member(hexOf(5))?.seqNum).toBe("9");
    expect(node.events.filter((e) => e.pkiId === hexOf(5)).map((e) => e.kind)).toEqual(["joined"]);
  });

  it("keeps the newest of two entries about one member, whichever comes first", async () => {
    const entries = members.map((_, i) => aliveOf(i, at(2)));
    entries.push(aliveOf(7, at(1)), aliveOf(8, at(3)));
    respond(entries);
    await waitFor(() => joined().length === ENTRIES, "every member to join");
    await waitFor(() => node.discovery.member(hexOf(8))?.seqNum === "3", "the newer entry of member 8");
    expect(node.discovery.member(hexOf(7))?.seqNum).toBe("2");
  });

  it("learns nothing more once discovery stopped, and stop() waits for the work in flight", async () => {
    respond(members.map((_, i) => aliveOf(i)));
    await node.stop();
    const learned = joined().length;
    expect(learned).toBeLessThan(ENTRIES);
    await new Promise((resolve) => setImmediate(resolve));
    expect(joined().length).toBe(learned);
  });
});
