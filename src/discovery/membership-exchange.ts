// The membership request/response exchange. A request carries the
// requester's alive message: it is authenticated, applied to the view, and
// answered with every member the requester may learn about (Fabric's
// sendMemResponse). A response acks its request's nonce (sendUntilAcked is
// waiting on it) and teaches alive members and dead ones not yet known.
import type { ReceivedMessage } from "../comm/comm-service.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { DropReason } from "../protocol/drop-reasons.js";
import type { gossip } from "../protocol/generated/wire.js";
import { toBigInt } from "../protocol/long.js";
import { kindOf, membershipResponse } from "../protocol/messages.js";
import { openEnvelope, unsignedMessage } from "../protocol/signed-message.js";
import { sameBytes } from "../util/bytes.js";
import { ackTopic } from "./acked-send.js";
import { type AliveHandling, remotePeerOf } from "./alive-handling.js";
import { type AliveRecord, authenticateAlive, parseAlive, parseInnerAlive } from "./alive-message.js";
import { type DiscoveryContext, drop } from "./context.js";
import { disclosurePolicy } from "./disclosure.js";
import type { MemberRecord, MemberState } from "./membership.js";
import type { MembershipRequestObserver } from "./observer.js";

type Verdict = { requester: AliveRecord } | { reason: DropReason; detail: string };

export class MembershipExchange {
  constructor(
    private readonly ctx: DiscoveryContext,
    private readonly alive: AliveHandling,
  ) {}

  /** Fabric's handleMsgFromComm, MemReq branch: learn the requester, then answer at once. */
  handleMembershipRequest(received: ReceivedMessage): void {
    const nonce = toBigInt(received.signed.message.nonce);
    const observed = this.ctx.observer.membershipRequest(nonce, {
      endpoint: received.sender.endpoint,
      pkiId: pkiIdHex(received.sender.pkiId),
      traceContext: received.sender.traceContext,
    });
    try {
      const verdict = this.judgeMembershipRequest(received);
      if ("reason" in verdict) {
        drop(this.ctx, verdict.reason, verdict.detail, received);
        observed.dropped(verdict.reason, verdict.detail);
        return;
      }
      const stored = this.ctx.aliveStore.add(verdict.requester);
      if (stored) this.alive.handleAliveMessage(stored);
      // Answered at once: respond() only queues on the connection, so a slow peer cannot hold up
      // the message loop (the reason Fabric answers from a goroutine).
      try {
        this.sendMemResponse(received, verdict.requester, nonce, observed);
      } catch (err) {
        observed.failed(err);
      }
    } finally {
      observed.end();
    }
  }

  /** Fabric's handleMsgFromComm, MemRes branch. A malformed entry abandons the rest, as in Fabric. */
  handleMembershipResponse(received: ReceivedMessage): void {
    const { message } = received.signed;
    const nonce = toBigInt(message.nonce);
    this.ctx.pubsub.publish(ackTopic(nonce), nonce);
    const response = message.memRes;
    if (!response) return;
    const entries: [gossip.IEnvelope[], MemberState][] = [
      [response.alive ?? [], "alive"],
      [response.dead ?? [], "dead"],
    ];
    for (const [envelopes, state] of entries) {
      for (const envelope of envelopes) {
        const record = this.readResponseEntry(envelope, received);
        if (!record) return;
        if (this.acceptResponseEntry(record, received)) this.learnFromResponse(record, state);
      }
    }
  }

  /** A membership request to a member, acks not awaited (Fabric's InitiateSync and reconnect). */
  sendMembershipRequest(member: MemberRecord): void {
    const sameOrg = this.ctx.orgs.orgOf(member.hex) === this.ctx.self.signer.mspId;
    this.ctx.comm.send(this.ctx.self.createMembershipRequest(sameOrg, 0n), remotePeerOf(member));
  }

  /** The requester's self information must be an authentic alive message about the handshaked peer. */
  private judgeMembershipRequest(received: ReceivedMessage): Verdict {
    const selfInformation = received.signed.message.memReq?.selfInformation;
    if (!selfInformation)
      return { reason: "malformed", detail: "membership request without self information" };
    let record: AliveRecord | undefined;
    try {
      record = parseInnerAlive(selfInformation);
    } catch {
      return { reason: "malformed", detail: "membership request self information does not decode" };
    }
    if (!record)
      return { reason: "invalid", detail: "membership request self information is not an alive message" };
    if (!sameBytes(record.pkiId, received.sender.pkiId)) {
      return { reason: "invalid", detail: "membership request self information doesn't match the handshake" };
    }
    const auth = authenticateAlive(record, this.ctx.validator, this.ctx.identities);
    if (!auth.ok) return { reason: auth.reason, detail: auth.detail };
    return { requester: record };
  }

  /** Fabric's sendMemResponse: the members the requester may learn about, as it may see them. */
  private sendMemResponse(
    received: ReceivedMessage,
    requester: AliveRecord,
    nonce: bigint,
    observed: MembershipRequestObserver,
  ): void {
    const { ctx } = this;
    const policy = disclosurePolicy(ctx.orgs, {
      mspId: received.sender.identity.mspId,
      endpoint: requester.endpoint,
    });
    const selfRecord = parseAlive(ctx.self.latestAlive()) as AliveRecord;
    if (!policy.shouldDisclose(selfRecord)) {
      ctx.logger.warn(
        { endpoint: received.sender.endpoint, pki_id: requester.hex },
        "got a membership request from a peer that shouldn't have sent one, closing the connection",
      );
      observed.refused("requester may not learn about us");
      ctx.comm.closeConnection(received.sender.pkiId);
      return;
    }
    const disclose = (members: MemberRecord[]): gossip.IEnvelope[] =>
      members
        .filter((member) => policy.shouldDisclose(member.latest))
        .map((member) => policy.conceal(member.latest.envelope()));
    const alive = disclose(ctx.membership.alive());
    const dead = disclose(ctx.membership.dead());
    alive.push(policy.conceal(selfRecord.signed.envelope));
    observed.responded(alive.length, dead.length);
    received.respond(unsignedMessage(membershipResponse(alive, dead, nonce)));
  }

  private readResponseEntry(envelope: gossip.IEnvelope, received: ReceivedMessage): AliveRecord | undefined {
    let record: AliveRecord | undefined;
    try {
      record = parseInnerAlive(envelope);
    } catch {
      drop(this.ctx, "malformed", "membership response entry does not decode", received, "unknown");
      return undefined;
    }
    if (!record) {
      // It decoded: counted as what it is (re-opened only on this rare path).
      const type = kindOf(openEnvelope(envelope).message);
      drop(this.ctx, "invalid", "membership response entry is not an alive message", received, type);
    }
    return record;
  }

  /** Not about us, newer than the alive message held, and authentic. */
  private acceptResponseEntry(record: AliveRecord, received: ReceivedMessage): boolean {
    const { self, aliveStore, membership } = this.ctx;
    if (record.hex === self.hex || aliveStore.check(record) !== "new" || membership.isZombie(record))
      return false;
    const auth = authenticateAlive(record, this.ctx.validator, this.ctx.identities);
    if (!auth.ok) drop(this.ctx, auth.reason, auth.detail, received, "alive");
    return auth.ok;
  }

  /** Alive entries go through handleAliveMessage; dead ones teach only members not yet known (learnNewMembers). */
  private learnFromResponse(record: AliveRecord, state: MemberState): void {
    if (state === "alive") {
      const stored = this.ctx.aliveStore.add(record);
      if (stored) this.alive.handleAliveMessage(stored);
    } else if (!this.ctx.membership.get(record.hex)) {
      const stored = this.ctx.aliveStore.add(record);
      if (stored) this.ctx.membership.learnNewMember(stored, "dead");
    }
  }
}
