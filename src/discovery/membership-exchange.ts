// The membership request/response exchange. A request carries the
// requester's alive message: it is authenticated, applied to the view, and
// answered with every member the requester may learn about (Fabric's
// sendMemResponse). A response acks its request's nonce (sendUntilAcked is
// waiting on it) and teaches alive members and dead ones not yet known. A
// response's signatures (up to two per entry, thousands for a joiner) are checked
// on libuv's threadpool, a window at a time, and its entries learned in order.
import type { ReceivedMessage } from "../comm/comm-service.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { ValidatedIdentity } from "../identity/validator.js";
import type { DropReason } from "../protocol/drop-reasons.js";
import type { gossip } from "../protocol/generated/wire.js";
import { toBigInt } from "../protocol/long.js";
import { kindOf, membershipResponse } from "../protocol/messages.js";
import { openEnvelope, unsignedMessage } from "../protocol/signed-message.js";
import { sameBytes } from "../util/bytes.js";
import { ackTopic } from "./acked-send.js";
import { type AliveHandling, remotePeerOf } from "./alive-handling.js";
import {
  type AliveRecord,
  authenticateAlive,
  parseAlive,
  parseInnerAlive,
  type SignatureCheck,
  signerOfAlive,
  verifyAliveSignaturesAsync,
} from "./alive-message.js";
import { runChecksInOrder } from "./checks-in-order.js";
import { type DiscoveryContext, drop } from "./context.js";
import { disclosurePolicy } from "./disclosure.js";
import type { MemberRecord, MemberState } from "./membership.js";
import type { MembershipRequestObserver } from "./observer.js";

type Verdict = { requester: AliveRecord } | { reason: DropReason; detail: string };

/**
 * Response entries whose signatures are checked at once (two checks each: the alive
 * message's and its SecretEnvelope's). Enough to keep libuv's 4 threads busy; few enough
 * that a burst of checks barely delays the threadpool's other work (DNS lookups, files).
 */
export const RESPONSE_ENTRIES_IN_FLIGHT = 32;

/**
 * Responses waiting to be learned behind the one being learned; more are dropped. Each
 * is at most maxMessageSize (4 MiB by default: about 17,000 entries of 240 bytes without a
 * certificate, 3,800 with one), which bounds the entries one response can hold.
 */
export const MAX_QUEUED_RESPONSES = 4;

/** A response entry to check: the alive message, whether it lists an alive or a dead member, and who must have signed it. */
interface ResponseEntry {
  readonly record: AliveRecord;
  readonly state: MemberState;
  readonly signer: ValidatedIdentity;
}

export class MembershipExchange {
  /** Responses received and not yet learned, oldest first. */
  private readonly queuedResponses: ReceivedMessage[] = [];
  private learning = false;

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

  /**
   * Fabric's handleMsgFromComm, MemRes branch: the nonce is acked at once; the members are
   * learned in the background, one response after another (see learnQueuedResponses).
   */
  handleMembershipResponse(received: ReceivedMessage): void {
    const nonce = toBigInt(received.signed.message.nonce);
    this.ctx.pubsub.publish(ackTopic(nonce), nonce);
    if (!received.signed.message.memRes) return;
    if (this.queuedResponses.length >= MAX_QUEUED_RESPONSES) {
      drop(this.ctx, "overflow", "membership responses arrive faster than they are learned", received);
      return;
    }
    this.queuedResponses.push(received);
    if (!this.learning) {
      this.learning = true;
      this.ctx.lifetime.track(this.learnQueuedResponses());
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
    const previous = this.ctx.membership.get(record.hex)?.latest;
    const auth = authenticateAlive(record, this.ctx.validator, this.ctx.identities, previous);
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

  /**
   * One response at a time, in arrival order: each is filtered against what the ones
   * before it taught, so a second bootstrap peer's answer costs no signature check for the
   * members the first one listed.
   */
  private async learnQueuedResponses(): Promise<void> {
    try {
      for (let received = this.queuedResponses.shift(); received; received = this.queuedResponses.shift()) {
        if (this.ctx.lifetime.ended) break;
        await this.learnResponse(received);
      }
    } finally {
      this.queuedResponses.length = 0;
      this.learning = false;
    }
  }

  /**
   * Checks the entries' signatures on libuv's threadpool, RESPONSE_ENTRIES_IN_FLIGHT at a
   * time, and learns each in the response's order once it and those before it are checked.
   * A stale or duplicate entry is dropped before any check; freshness is checked again
   * when an entry is applied, since a newer alive message may have arrived meanwhile.
   */
  private learnResponse(received: ReceivedMessage): Promise<void> {
    const { ctx } = this;
    return runChecksInOrder<ResponseEntry, SignatureCheck>({
      items: this.entriesToCheck(received),
      window: RESPONSE_ENTRIES_IN_FLIGHT,
      check: (entry) =>
        verifyAliveSignaturesAsync(entry.record, entry.signer, ctx.membership.get(entry.record.hex)?.latest),
      apply: (entry, signatures) => this.applyResponseEntry(entry, signatures, received),
      signal: ctx.lifetime.signal,
      onError: (err) => {
        drop(ctx, "invalid", "learning a membership response failed", received);
        ctx.logger.error(
          { err, endpoint: received.sender.endpoint },
          "failed learning a membership response",
        );
      },
    });
  }

  /** The response's entries to check, in order, each read only when there is room for its check. */
  private *entriesToCheck(received: ReceivedMessage): Generator<ResponseEntry> {
    const response = received.signed.message.memRes;
    const lists: [gossip.IEnvelope[], MemberState][] = [
      [response?.alive ?? [], "alive"],
      [response?.dead ?? [], "dead"],
    ];
    for (const [envelopes, state] of lists) {
      for (const envelope of envelopes) {
        const record = this.readResponseEntry(envelope, received);
        // A malformed entry abandons the rest, as in Fabric.
        if (!record) return;
        if (!this.isNewToUs(record)) continue;
        const signer = signerOfAlive(record, this.ctx.validator, this.ctx.identities);
        if (signer.ok) yield { record, state, signer: signer.identity };
        else drop(this.ctx, signer.reason, signer.detail, received, "alive");
      }
    }
  }

  /** Not about us, and newer than the alive message held and than the last one of a purged member. */
  private isNewToUs(record: AliveRecord): boolean {
    const { self, aliveStore, membership } = this.ctx;
    return record.hex !== self.hex && aliveStore.check(record) === "new" && !membership.isZombie(record);
  }

  /**
   * Still new (else dropped unseen, as if the newer message had come first), then authentic.
   * A throw is caught here: one entry's failure must not abandon the rest.
   */
  private applyResponseEntry(
    entry: ResponseEntry,
    signatures: SignatureCheck,
    received: ReceivedMessage,
  ): void {
    if (!this.isNewToUs(entry.record)) return;
    if (!signatures.ok) {
      drop(this.ctx, signatures.reason, signatures.detail, received, "alive");
      return;
    }
    try {
      this.learnFromResponse(entry.record, entry.state);
    } catch (err) {
      drop(this.ctx, "invalid", "learning a membership response entry failed", received, "alive");
      this.ctx.logger.error({ err, pki_id: entry.record.hex }, "failed learning a membership response entry");
    }
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
