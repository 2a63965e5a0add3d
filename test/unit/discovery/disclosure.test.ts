// Who learns what: Fabric's disclosure policy for membership responses, the
// routing of gossiped alive messages, and both end to end across three orgs.
import { afterEach, describe, expect, it } from "vitest";
import { type AliveRecord, parseAlive } from "../../../src/discovery/alive-message.js";
import { aliveRouting, disclosurePolicy, type OrgLookup } from "../../../src/discovery/disclosure.js";
import { aliveMessage } from "../../../src/protocol/messages.js";
import {
  internalEndpointOf,
  signMessage,
  withInternalEndpoint,
} from "../../../src/protocol/signed-message.js";
import { TestCluster } from "./fixtures.js";

const ORGS: Record<string, string> = {
  ours1: "Org1MSP",
  ours2: "Org1MSP",
  theirs: "Org2MSP",
  third: "Org3MSP",
};
const lookup: OrgLookup = { selfMspId: "Org1MSP", orgOf: (hex) => ORGS[hex] };

/** An alive record about a member named by `hex` (signatures play no part here). */
function record(hex: string, endpoint: string): AliveRecord {
  const signed = withInternalEndpoint(
    signMessage(
      aliveMessage({ endpoint, pkiId: new Uint8Array([1]), time: { incNum: 1n, seqNum: 1n } }),
      () => new Uint8Array([1]),
    ),
    `${hex}-internal:7051`,
    () => new Uint8Array([1]),
  );
  return { ...(parseAlive(signed) as AliveRecord), hex };
}

describe("disclosure policy (membership responses)", () => {
  it("shows a peer of our org all our org's members, internal endpoints included, as Fabric does", () => {
    const policy = disclosurePolicy(lookup, { mspId: "Org1MSP", endpoint: "" });
    expect(policy.shouldDisclose(record("ours1", ""))).toBe(true);
    expect(policy.shouldDisclose(record("ours2", "o2:7051"))).toBe(true);
    // Fabric's sieve passes only members of our org or of the requester's org: other
    // orgs' members reach our own peers by gossip, not through membership responses.
    expect(policy.shouldDisclose(record("theirs", "t:7051"))).toBe(false);
    expect(internalEndpointOf(policy.conceal(record("ours1", "x:1").signed.envelope))).toBe(
      "ours1-internal:7051",
    );
  });

  it("shows a peer of another org only our members and its own, never a third org, without secrets", () => {
    const policy = disclosurePolicy(lookup, { mspId: "Org2MSP", endpoint: "them:7051" });
    expect(policy.shouldDisclose(record("ours1", "o1:7051"))).toBe(true);
    expect(policy.shouldDisclose(record("theirs", "t:7051"))).toBe(true);
    expect(policy.shouldDisclose(record("third", "3:7051"))).toBe(false);
    expect(policy.conceal(record("ours1", "o1:7051").signed.envelope).secretEnvelope).toBeUndefined();
  });

  it("hides our members without an external endpoint from other orgs, but not the requester's own org", () => {
    const policy = disclosurePolicy(lookup, { mspId: "Org2MSP", endpoint: "them:7051" });
    expect(policy.shouldDisclose(record("ours1", ""))).toBe(false);
    expect(policy.shouldDisclose(record("theirs", ""))).toBe(true);
  });

  it("hides our members from another org's requester that has no external endpoint itself", () => {
    const policy = disclosurePolicy(lookup, { mspId: "Org2MSP", endpoint: "" });
    expect(policy.shouldDisclose(record("ours1", "o1:7051"))).toBe(false);
    expect(policy.shouldDisclose(record("theirs", "t:7051"))).toBe(true);
  });

  it("discloses nothing to a requester, or about a member, whose org is unknown", () => {
    expect(
      disclosurePolicy(lookup, { mspId: undefined, endpoint: "x:1" }).shouldDisclose(record("ours1", "o:1")),
    ).toBe(false);
    expect(
      disclosurePolicy(lookup, { mspId: "Org1MSP", endpoint: "" }).shouldDisclose(record("stranger", "s:1")),
    ).toBe(false);
  });
});

describe("alive routing (gossip and forwarding)", () => {
  const peer = (hex: string, endpoint = `${hex}:7051`) => ({ hex, endpoint });

  it("sends our org's alive messages anywhere, stripping secrets for other orgs", () => {
    const routing = aliveRouting(lookup, record("ours1", "o1:7051"));
    expect(["ours2", "theirs", "third"].map((h) => routing.eligible(peer(h)))).toEqual([true, true, true]);
    expect(routing.seesSecrets(peer("ours2"))).toBe(true);
    expect(routing.seesSecrets(peer("theirs"))).toBe(false);
    expect(routing.seesSecrets(peer("stranger"))).toBe(false);
  });

  it("keeps alive messages of our members without an external endpoint inside our org", () => {
    const routing = aliveRouting(lookup, record("ours1", ""));
    expect(routing.eligible(peer("ours2"))).toBe(true);
    expect(routing.eligible(peer("theirs"))).toBe(false);
  });

  it("sends a foreign org's alive messages only to our org and theirs, and only to peers with external endpoints", () => {
    const routing = aliveRouting(lookup, record("theirs", "t:7051"));
    expect(routing.eligible(peer("ours2"))).toBe(true);
    expect(routing.eligible(peer("ours2", ""))).toBe(false);
    expect(routing.eligible(peer("third"))).toBe(false);
  });

  it("does not route alive messages whose origin org is unknown", () => {
    expect(aliveRouting(lookup, record("stranger", "s:7051")).eligible(peer("ours2"))).toBe(false);
  });
});

describe("disclosure across three orgs", () => {
  let cluster: TestCluster;
  afterEach(async () => {
    await cluster?.stopAll();
  });

  it("same org sees internal endpoints; other orgs do not, and never learn a third org's members", async () => {
    cluster = new TestCluster();
    await cluster.trust("Org1MSP", "Org2MSP", "Org3MSP");
    const a = await cluster.addNode({ endpoint: "a-int:7051", externalEndpoint: "a:7051" });
    const e = await cluster.addNode({
      endpoint: "e-int:7051",
      externalEndpoint: "e:7051",
      bootstrap: ["a-int:7051"],
    });
    const c = await cluster.addNode({
      org: "Org2MSP",
      endpoint: "c-int:7051",
      externalEndpoint: "c:7051",
      bootstrap: ["a:7051"],
    });
    const d = await cluster.addNode({
      org: "Org3MSP",
      endpoint: "d-int:7051",
      externalEndpoint: "d:7051",
      bootstrap: ["a:7051"],
    });
    const secretsToForeigners: string[] = [];
    cluster.network.observe(({ to, signed, kind }) => {
      if (to !== "c-int:7051" && to !== "d-int:7051") return;
      const envelopes = [
        signed.envelope,
        ...(signed.message.memRes?.alive ?? []),
        ...(signed.message.memRes?.dead ?? []),
      ];
      if (envelopes.some((env) => internalEndpointOf(env) !== undefined))
        secretsToForeigners.push(`${kind} to ${to}`);
    });

    await cluster.until(
      () =>
        e.alive().includes(a.hex) &&
        a.alive().length === 3 &&
        [a.hex, e.hex].every((h) => c.alive().includes(h) && d.alive().includes(h)),
      "every org sees org1's members",
    );
    await cluster.clock.advance(5_000); // plenty of gossip, syncs and pulls

    expect(e.discovery.member(a.hex)).toMatchObject({ endpoint: "a:7051", internalEndpoint: "a-int:7051" });
    for (const foreign of [c, d]) {
      expect(foreign.discovery.member(a.hex)).toMatchObject({
        endpoint: "a:7051",
        internalEndpoint: undefined,
      });
      expect(foreign.discovery.member(e.hex)).toMatchObject({
        endpoint: "e:7051",
        internalEndpoint: undefined,
      });
    }
    expect(c.discovery.member(d.hex)).toBeUndefined();
    expect(d.discovery.member(c.hex)).toBeUndefined();
    expect(c.identities.has(d.hex)).toBe(false);
    expect(d.identities.has(c.hex)).toBe(false);
    expect(secretsToForeigners).toEqual([]);
  });
});
