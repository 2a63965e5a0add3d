// Alive messages: one gossiped to us is checked against the alive store,
// authenticated, applied to the view (Fabric's handleAliveMessage: learn,
// resurrect, or update), and forwarded to propagatePeerNum members (Fabric's
// emitter). One claiming our own PKI-ID is only checked for a misconfiguration.
import type { ReceivedMessage, RemotePeer } from "../comm/comm-service.js";
import { compareTime } from "../protocol/messages.js";
import { withoutSecret } from "../protocol/signed-message.js";
import { sameBytes } from "../util/bytes.js";
import {
  type AliveRecord,
  authenticateAlive,
  parseAlive,
  type StoredAlive,
  verifyAliveSignatures,
} from "./alive-message.js";
import { type DiscoveryContext, drop } from "./context.js";
import { aliveRouting } from "./disclosure.js";
import type { MemberRecord } from "./membership.js";

/** Fabric's PreferredEndpoint: the internal endpoint when known. */
export function remotePeerOf(member: MemberRecord): RemotePeer {
  return { endpoint: member.internalEndpoint || member.endpoint, pkiId: member.pkiId, hex: member.hex };
}

export class AliveHandling {
  constructor(private readonly ctx: DiscoveryContext) {}

  /** An alive message gossiped to us (Fabric's handleMsgFromComm, AliveMsg branch). */
  handleGossipedAlive(received: ReceivedMessage): void {
    const record = parseAlive(received.signed);
    if (!record) {
      drop(this.ctx, "invalid", "alive message without a member PKI-ID", received);
      return;
    }
    if (record.hex === this.ctx.self.hex) {
      this.noteOwnAlive(record, received);
      return;
    }
    const check = this.ctx.aliveStore.check(record);
    if (check !== "new") {
      drop(this.ctx, check, () => `alive message of ${record.hex} is not newer than the one held`, received);
      return;
    }
    if (this.ctx.membership.isZombie(record)) {
      drop(
        this.ctx,
        "stale",
        `alive message of purged ${record.hex} is not newer than its last one`,
        received,
      );
      return;
    }
    const previous = this.ctx.membership.get(record.hex)?.latest;
    const auth = authenticateAlive(record, this.ctx.validator, this.ctx.identities, previous);
    if (!auth.ok) {
      drop(this.ctx, auth.reason, auth.detail, received);
      return;
    }
    const stored = this.ctx.aliveStore.add(record);
    if (stored) this.handleAliveMessage(stored);
    const sender = received.sender.pkiId;
    this.gossipAlive(record, (member) => member.hex === record.hex || sameBytes(member.pkiId, sender));
  }

  /** Fabric's handleAliveMessage: learn a new member, resurrect a dead one, update an alive one, or ignore an older message. */
  handleAliveMessage(record: StoredAlive): void {
    const { membership, logger } = this.ctx;
    if (record.hex === this.ctx.self.hex) return;
    const member = membership.get(record.hex);
    if (!member) {
      if (!membership.isZombie(record)) membership.learnNewMember(record, "alive");
      return;
    }
    const order = compareTime(member.latest.time, record.time);
    if (order < 0) {
      if (member.state === "dead") membership.resurrectMember(record);
      else membership.learnExistingMember(record);
    } else if (order > 0) {
      logger.debug({ pki_id: record.hex, state: member.state }, "got an old alive message, ignoring it");
    }
  }

  /** Sends an alive message to propagatePeerNum random alive members it may reach (Fabric's emitter). */
  gossipAlive(record: AliveRecord, exclude: (member: MemberRecord) => boolean): void {
    const routing = aliveRouting(this.ctx.orgs, record);
    const targets = this.ctx.membership.sampleAlive(
      this.ctx.timings.propagatePeerNum,
      (member) => !exclude(member) && routing.eligible(member),
    );
    const plain: RemotePeer[] = [];
    const concealed: RemotePeer[] = [];
    for (const member of targets)
      (routing.seesSecrets(member) ? plain : concealed).push(remotePeerOf(member));
    if (plain.length > 0) this.ctx.comm.send(record.signed, ...plain);
    if (concealed.length > 0) this.ctx.comm.send(withoutSecret(record.signed), ...concealed);
  }

  /**
   * An alive message claiming our PKI-ID: ours coming back, or, signed with our
   * key but advertising other endpoints, another process running with our
   * identity (Fabric's "bad configuration"). Anyone can claim our PKI-ID, so it
   * is authenticated first: a forgery is only counted, never logged as an error.
   */
  private noteOwnAlive(record: AliveRecord, received: ReceivedMessage): void {
    const { self, logger } = this.ctx;
    const verifier = self.ownVerifier((err) =>
      logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        "cannot verify messages claiming our PKI-ID",
      ),
    );
    const auth = verifier
      ? verifyAliveSignatures(record, verifier)
      : ({ ok: false, reason: "unknown_identity", detail: "cannot read our own certificate" } as const);
    if (!auth.ok) {
      drop(this.ctx, auth.reason, `alive message claiming our PKI-ID: ${auth.detail}`, received);
      return;
    }
    const differs =
      record.endpoint !== self.endpoint ||
      (record.internalEndpoint !== undefined && record.internalEndpoint !== self.internalEndpoint);
    if (differs) {
      logger.error(
        { endpoint: record.endpoint, internal_endpoint: record.internalEndpoint },
        "bad configuration detected: received an alive message from a peer with the same PKI-ID as myself",
      );
    }
  }
}
