// Our own alive messages: the heartbeat's record is what a receiver would read back from
// its bytes, the SecretEnvelope is signed once, then carried by every alive message, and a
// heartbeat's message is signed only when something reads it (an idle node alone signs nothing).
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import { FAST_TIMINGS } from "../../../src/config/gossip-config.js";
import {
  type AliveRecord,
  parseAlive,
  parseInnerAlive,
  verifyAliveSignatures,
} from "../../../src/discovery/alive-message.js";
import { SelfNode } from "../../../src/discovery/self.js";
import type { SigningIdentity } from "../../../src/identity/index.js";
import type { ValidatedIdentity } from "../../../src/identity/validator.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { decodeEnvelope, encodeEnvelope, openEnvelope } from "../../../src/protocol/signed-message.js";
import { makeOrg, validatorFor } from "../../support/identities.js";

const SELF = { endpoint: "peer0.org1:7051", internalEndpoint: "10.0.0.1:7051" };

let signer: SigningIdentity;
let identity: ValidatedIdentity;

beforeAll(async () => {
  const org = await makeOrg("Org1MSP");
  signer = (await org.newPeer()).signingIdentity;
  identity = validatorFor(org).validate(signer.serialized);
});

/** The signer, counting its signatures. */
function counting(): { signer: SigningIdentity; signatures: () => number } {
  let count = 0;
  return {
    signer: {
      ...signer,
      sign: (data) => {
        count++;
        return signer.sign(data);
      },
    },
    signatures: () => count,
  };
}

/** What a receiver reads: the envelope encoded, decoded and parsed. */
function received(record: AliveRecord): AliveRecord {
  const wire = decodeEnvelope(encodeEnvelope(record.signed.envelope), 1 << 20);
  return parseAlive(openEnvelope(wire)) as AliveRecord;
}

describe("SelfNode's alive messages", () => {
  it("builds the heartbeat's record with the fields a receiver reads back from its bytes", () => {
    const clock = new ManualClock(1_000);
    const self = new SelfNode({ ...SELF, metadata: new Uint8Array([4, 2]) }, signer, clock, FAST_TIMINGS);
    for (let round = 1; round <= 3; round++) {
      const record = self.nextHeartbeat();
      const back = received(record);
      expect(record.hex).toBe(back.hex);
      expect(Buffer.from(record.pkiId).equals(Buffer.from(back.pkiId))).toBe(true);
      expect(record.endpoint).toBe(back.endpoint);
      expect(Buffer.from(record.metadata).equals(Buffer.from(back.metadata))).toBe(true);
      expect(record.time).toEqual(back.time);
      expect(record.time.seqNum).toBe(BigInt(round));
      expect(record.internalEndpoint).toBe(back.internalEndpoint);
      expect(record.internalEndpoint).toBe(SELF.internalEndpoint);
      expect(self.latestAlive()).toBe(record.signed);
      clock.advance(1_000);
    }
  });

  it("signs the SecretEnvelope once: later alive messages cost one signature each and still verify", () => {
    const { signer: countingSigner, signatures } = counting();
    const self = new SelfNode(SELF, countingSigner, new ManualClock(1_000), FAST_TIMINGS);
    const first = self.nextHeartbeat();
    expect(first.signed).toBeDefined();
    expect(signatures()).toBe(2);
    const later = [self.nextHeartbeat(), self.nextHeartbeat(), self.createMembershipRequest(true, 7n)];
    for (const record of later.slice(0, 2) as AliveRecord[]) expect(record.signed).toBeDefined();
    expect(signatures()).toBe(5);
    const [second] = later as [AliveRecord];
    for (const record of [first, second]) {
      const back = received(record);
      expect(verifyAliveSignatures(back, identity)).toEqual({ ok: true });
      expect(back.internalEndpoint).toBe(SELF.internalEndpoint);
    }
    // The request's alive message carries the same signed secret.
    const request = later[2] as ReturnType<SelfNode["createMembershipRequest"]>;
    const inner = parseInnerAlive(gossip.Envelope.create(request.message.memReq?.selfInformation ?? {}));
    expect(inner && verifyAliveSignatures(inner, identity)).toEqual({ ok: true });
    expect(inner?.internalEndpoint).toBe(SELF.internalEndpoint);
  });

  it("leaves the SecretEnvelope out when asked to, without signing one", () => {
    const { signer: countingSigner, signatures } = counting();
    const self = new SelfNode(SELF, countingSigner, new ManualClock(1_000), FAST_TIMINGS);
    const request = self.createMembershipRequest(false, 7n);
    expect(signatures()).toBe(1);
    expect(request.message.memReq?.selfInformation?.secretEnvelope).toBeFalsy();
  });

  it("signs a heartbeat's message only when read: seq_num advances anyway, and a later read gets the heartbeat's content", async () => {
    const { signer: countingSigner, signatures } = counting();
    const clock = new ManualClock(1_000);
    const self = new SelfNode(SELF, countingSigner, clock, FAST_TIMINGS);
    const unread = [self.nextHeartbeat(), self.nextHeartbeat()];
    expect(signatures()).toBe(0);
    expect(unread.map((record) => record.time.seqNum)).toEqual([1n, 2n]);
    expect(self.view().seqNum).toBe("2");
    // Read after the identity's publishing period: it still carries the identity, as at its heartbeat.
    await clock.advance(FAST_TIMINGS.publishCertPeriod + 1);
    const signed = self.latestAlive();
    expect(signed).toBe(unread[1]?.signed);
    expect(signatures()).toBe(2);
    const back = received(unread[1] as AliveRecord);
    expect(back.time).toEqual({ incNum: self.incNum, seqNum: 2n });
    expect(verifyAliveSignatures(back, identity)).toEqual({ ok: true });
    expect(signed.message.aliveMsg?.identity?.length).toBeGreaterThan(0);
    // A heartbeat made after that period leaves the identity out.
    expect(self.nextHeartbeat().signed.message.aliveMsg?.identity?.length ?? 0).toBe(0);
  });
});
