// Discovery's periodic tasks and comm events, as Fabric's NewDiscoveryService
// starts them: periodicalSendAlive (heartbeat), periodicalCheckAlive (declare
// silent members dead: expireDeadMembers), periodicalReconnectToDead (ping the
// dead, re-request membership from those that answer), the membership sync,
// the alive store's expiry (purge), and handleEvents (presumed dead, identity switch).
import { StallDetector } from "../clock/stall-detector.js";
import { pkiIdHex } from "../identity/pki-id.js";
import { abortable } from "../util/abortable.js";
import { pickRandom } from "../util/random.js";
import { type AliveHandling, remotePeerOf } from "./alive-handling.js";
import type { AliveFacts } from "./alive-message.js";
import type { DiscoveryContext } from "./context.js";
import type { Join } from "./join.js";
import type { MemberRecord } from "./membership.js";
import type { MembershipExchange } from "./membership-exchange.js";

export class PeriodicTasks {
  private reconnectRound: Promise<void> | undefined;
  private readonly checkAliveInterval: number;
  private readonly stalls: StallDetector;
  /** After a stall of our own, no member counts as silent from before this clock time. */
  private graceFrom = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ctx: DiscoveryContext,
    private readonly alive: AliveHandling,
    private readonly exchange: MembershipExchange,
    private readonly join: Join,
  ) {
    const timeout = ctx.timings.aliveExpirationTimeout;
    this.checkAliveInterval = Math.max(1, Math.floor(timeout / 10));
    // A stall of a quarter of the expiry would make peers look silent for that long: enough to doubt ourselves.
    this.stalls = new StallDetector(this.checkAliveInterval, timeout / 4);
  }

  start(): void {
    const { lifetime, timings: t, aliveStore, comm } = this.ctx;
    lifetime.every(t.aliveTimeInterval, () => this.periodicalSendAlive());
    lifetime.every(this.checkAliveInterval, () => this.periodicalCheckAlive());
    lifetime.every(t.reconnectInterval, () => this.periodicalReconnectToDead());
    lifetime.every(t.pullInterval, () => this.initiateSync(t.pullPeerNum));
    lifetime.every(aliveStore.checkIntervalMs, () => aliveStore.expire());
    lifetime.track(this.handleEvents(comm.presumedDead(), (pkiId) => this.onPresumedDead(pkiId)));
    lifetime.track(this.handleEvents(comm.identityChanges(), (pkiId) => this.onIdentityChanged(pkiId)));
  }

  /** Fabric's periodicalSendAlive: a fresh alive message (the next seq_num), gossiped; signed only when sent or asked for. */
  periodicalSendAlive(): void {
    const record = this.ctx.self.nextHeartbeat();
    this.alive.gossipAlive(record, (member) => member.hex === record.hex);
  }

  /**
   * Fabric's periodicalCheckAlive: members silent for aliveExpirationTimeout
   * are declared dead. Unless this node itself was stalled: then the messages
   * waiting for it are read first and every member gets a fresh grace period.
   */
  periodicalCheckAlive(): void {
    const now = this.ctx.clock.now();
    const stalledMs = this.stalls.observe(now);
    if (stalledMs > 0) {
      this.graceFrom = now;
      this.ctx.metrics.localStalls.inc();
      this.ctx.logger.warn(
        { stalledMs },
        "this node was stalled: reading what waits and giving every member a fresh grace period before declaring anyone dead",
      );
      return;
    }
    const cutoff = now - this.ctx.timings.aliveExpirationTimeout;
    if (this.graceFrom > cutoff) return;
    const silent = this.ctx.membership.aliveSilentBefore(cutoff);
    if (silent.length === 0) return;
    this.ctx.logger.warn({ members: silent }, "haven't heard from members, declaring them dead");
    this.expireDeadMembers(silent);
  }

  /** Fabric's expireDeadMembers: alive members become dead and their connections close. */
  expireDeadMembers(hexes: string[]): void {
    const expired = hexes.flatMap((hex) => this.ctx.membership.markDead(hex) ?? []);
    for (const member of expired) this.ctx.comm.closeConnection(member.pkiId);
  }

  /**
   * The member's last alive message expired (aliveExpirationTimeout x
   * msgExpirationFactor without a newer one). As in Fabric, it is purged
   * whatever its state, unless it is a bootstrap peer: with the default factor
   * it has long been dead; with a factor near 1 the expiry check may simply not
   * have declared it dead yet. One already purged (its identity changed) is skipped.
   */
  onAliveExpired(record: AliveFacts): void {
    const member = this.ctx.membership.get(record.hex);
    if (!member) return;
    const endpoints = [record.endpoint, record.internalEndpoint, member.endpoint, member.internalEndpoint];
    if (this.join.isBootstrapPeer(record.hex, endpoints)) return;
    this.purge(record.hex, "its last alive message expired");
  }

  /** Fabric's periodicalReconnectToDead: a round pings every dead member; the next starts after it ends. */
  private periodicalReconnectToDead(): void {
    if (this.reconnectRound || this.ctx.lifetime.ended) return;
    const dead = this.ctx.membership.dead();
    if (dead.length === 0) return;
    const round = Promise.all(dead.map((member) => this.reconnect(member))).then(() => {
      this.reconnectRound = undefined;
    });
    this.reconnectRound = round;
    this.ctx.lifetime.track(round);
  }

  private async reconnect(member: MemberRecord): Promise<void> {
    const { signal } = this.ctx.lifetime;
    const peer = remotePeerOf(member);
    let alive = false;
    try {
      alive = await abortable(this.ctx.comm.ping(peer, signal), signal);
    } catch {
      alive = false;
    }
    if (!alive || signal.aborted) {
      this.ctx.logger.debug({ endpoint: peer.endpoint }, "still dead");
      return;
    }
    this.ctx.logger.debug({ endpoint: peer.endpoint }, "dead member responds, sending a membership request");
    this.exchange.sendMembershipRequest(member);
  }

  /** Fabric's InitiateSync: a membership request to k random alive members, acks not awaited. */
  private initiateSync(k: number): void {
    for (const member of pickRandom(this.ctx.membership.alive(), k))
      this.exchange.sendMembershipRequest(member);
  }

  /** Fabric's handleEvents: feeds each item of a comm event stream to `handle` until it ends or discovery stops. */
  private async handleEvents(
    events: AsyncIterable<Uint8Array>,
    handle: (pkiId: Uint8Array) => void,
  ): Promise<void> {
    const { signal } = this.ctx.lifetime;
    const iterator = events[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await abortable(iterator.next(), signal);
      } catch {
        return; // stopped
      }
      if (next.done || signal.aborted) return;
      try {
        handle(next.value);
      } catch (err) {
        this.ctx.logger.error({ err }, "failed handling a comm event");
      }
    }
  }

  /** PresumedDead: a send failed, so an alive member is dead at once. */
  private onPresumedDead(pkiId: Uint8Array): void {
    const hex = pkiIdHex(pkiId);
    if (this.ctx.membership.get(hex)?.state !== "alive") return;
    this.ctx.logger.warn({ pki_id: hex }, "a send failed, presuming the member dead");
    this.expireDeadMembers([hex]);
  }

  /**
   * IdentitySwitch: the peer at a member's endpoint now has another PKI-ID of
   * the same org (a renewed certificate). The old PKI-ID will never speak
   * again: purge it now rather than after the expiry.
   */
  private onIdentityChanged(pkiId: Uint8Array): void {
    const hex = pkiIdHex(pkiId);
    this.join.forgetPkiId(hex);
    if (!this.ctx.membership.get(hex)) {
      this.ctx.identities.delete(hex);
      return;
    }
    this.purge(hex, "its peer changed its PKI-ID");
  }

  /** Fabric's purge: forgets a member and its identity (identities expire with their members). */
  private purge(hex: string, why: string): void {
    const member = this.ctx.membership.purge(hex);
    this.ctx.logger.info(
      { pki_id: hex, endpoint: member?.endpoint, internal_endpoint: member?.internalEndpoint, why },
      "purging member",
    );
    this.ctx.identities.delete(hex);
  }
}
