// Joining, as Fabric's gossip does it: connectToBootstrapPeers connects to
// each bootstrap peer; connect handshakes (up to maxConnectionAttempts, every
// reconnectInterval) to learn who answers, then sends a membership request
// (createMembershipRequest) until a response acks its nonce (sendUntilAcked).
// Spans, connection records and metrics go through the observer.

import { sleep } from "../clock/clock.js";
import type { CommService } from "../comm/comm-service.js";
import { CommError } from "../comm/errors.js";
import { pkiIdHex } from "../identity/pki-id.js";
import { randomNonce } from "../protocol/messages.js";
import { abortable } from "../util/abortable.js";
import { sameBytes } from "../util/bytes.js";
import { sendUntilAcked } from "./acked-send.js";
import type { ConnectionFailure } from "./connections.js";
import type { DiscoveryContext } from "./context.js";
import { DiscoveryError } from "./errors.js";
import type { ConnectObserver } from "./observer.js";
import type { ConnectTarget, Identify, PeerIdentification } from "./options.js";

/** What a connect's readiness reports. */
export interface Readiness {
  readonly ready: boolean;
  /** Why not ready; empty when ready. */
  readonly reasons: string[];
}

/** Readiness as joining sees it: the bootstrap peers waited for and those that acked. */
export interface JoinReadiness extends Readiness {
  /** The configured bootstrap peers that are not this node. */
  readonly bootstrapEndpoints: readonly string[];
  readonly ackedBootstrapEndpoints: readonly string[];
}

/**
 * Fabric's identifier for a connect: a probe handshake tells who answers and
 * whether it is of our org. Like Fabric, a bootstrap peer must be of our org;
 * a peer joined through the admin API may be of any trusted org.
 */
export function identifierFor(
  comm: CommService,
  selfMspId: string,
  endpoint: string,
  bootstrap: boolean,
): Identify {
  return async (signal, traceContext) => {
    const identity = await comm.handshake(endpoint, undefined, signal, traceContext);
    const selfOrg = identity.mspId === selfMspId;
    if (bootstrap && !selfOrg) {
      throw new DiscoveryError(
        "foreign_org",
        `${endpoint} isn't in our organization (${identity.mspId}), cannot be a bootstrap peer`,
      );
    }
    return { pkiId: identity.pkiId, selfOrg, identity };
  };
}

/** The typed reason of a failed handshake: comm's or discovery's, "handshake" for anything else. */
function failureOf(err: unknown): ConnectionFailure {
  const message = err instanceof Error ? err.message : String(err);
  const reason = err instanceof CommError || err instanceof DiscoveryError ? err.reason : "handshake";
  return { reason, message };
}

const STOPPED: ConnectionFailure = { reason: "stopped", message: "discovery stopped" };

export class Join {
  private readonly bootstrapEndpoints: ReadonlySet<string>;
  /** PKI-IDs a bootstrap endpoint's handshake found: never purged, as Fabric keeps its bootstrap peers. */
  private readonly bootstrapPkiIds = new Set<string>();
  private readonly ackedBootstrap = new Set<string>();
  /** Endpoints with a connect registered and not yet settled. */
  private readonly inProgress = new Set<string>();
  /** connect() calls made before start(): they begin when it runs. */
  private readonly deferred: Array<{ begin: () => void; observed: ConnectObserver }> = [];
  private started = false;

  constructor(
    private readonly ctx: DiscoveryContext,
    bootstrapEndpoints: readonly string[],
  ) {
    this.bootstrapEndpoints = new Set(bootstrapEndpoints.filter((e) => e !== ""));
  }

  /** Begins the connects registered before start. */
  start(): void {
    this.started = true;
    for (const { begin } of this.deferred.splice(0)) begin();
  }

  /** Connects that never began give up; the running ones end with the lifetime's signal. */
  stop(): void {
    for (const { observed } of this.deferred.splice(0)) observed.settled(STOPPED);
  }

  /** Fabric's connect2BootstrapPeers: connect to each configured bootstrap peer, which must be of our org. */
  connectToBootstrapPeers(): void {
    const { comm, self } = this.ctx;
    for (const endpoint of this.bootstrapEndpoints) {
      this.connect({ endpoint }, identifierFor(comm, self.signer.mspId, endpoint, true));
    }
  }

  /**
   * Fabric's Connect: joins through `target` in the background. Before start()
   * the target waits, in state "connecting", for start() to begin it.
   */
  connect(target: ConnectTarget, identify: Identify): void {
    if (this.ctx.lifetime.ended) return;
    for (const endpoint of [target.internalEndpoint, target.endpoint]) {
      if (endpoint && this.ctx.self.isMyOwnEndpoint(endpoint)) {
        this.ctx.logger.debug({ endpoint }, "skipping connecting to myself");
        return;
      }
    }
    const endpoint = target.internalEndpoint || target.endpoint;
    if (!endpoint) return;
    if (this.inProgress.has(endpoint)) {
      this.ctx.logger.debug({ endpoint }, "already connecting");
      return;
    }
    const bootstrap = this.bootstrapEndpoints.has(endpoint) || this.bootstrapEndpoints.has(target.endpoint);
    const observed = this.ctx.observer.connect(endpoint, bootstrap);
    this.inProgress.add(endpoint);
    const begin = () => {
      const run = this.runConnect(target, endpoint, bootstrap, identify, observed);
      this.ctx.lifetime.track(run.finally(() => this.inProgress.delete(endpoint)));
    };
    if (this.started) begin();
    else this.deferred.push({ begin, observed });
  }

  /**
   * Ready with a live view: another bootstrap peer acked, or some member is
   * alive (others joined us), or no bootstrap peer other than this node is
   * configured. Otherwise the reasons say, per bootstrap peer, what to fix.
   */
  readiness(aliveMembers: number): JoinReadiness {
    const others = [...this.bootstrapEndpoints].filter(
      (endpoint) => !this.ctx.self.isMyOwnEndpoint(endpoint),
    );
    const acked = others.filter((endpoint) => this.ackedBootstrap.has(endpoint));
    const ready = others.length === 0 || acked.length > 0 || aliveMembers > 0;
    return {
      ready,
      reasons: ready ? [] : this.notReadyReasons(others),
      bootstrapEndpoints: others,
      ackedBootstrapEndpoints: acked,
    };
  }

  private notReadyReasons(bootstrap: string[]): string[] {
    const records = new Map(this.ctx.observer.connections().map((record) => [record.endpoint, record]));
    const reasons = bootstrap.map((endpoint) => {
      const record = records.get(endpoint);
      if (record?.state === "gave_up") {
        return (
          `bootstrap peer ${endpoint} gave up (${record.lastError?.message ?? "no more attempts"}): ` +
          "check that it runs, is reachable from here and is of our org, then POST /v1/peers or restart"
        );
      }
      const last = record?.lastError ? `, last error: ${record.lastError.message}` : "";
      return `no bootstrap peer has acked a membership request yet: ${endpoint} is ${record?.state ?? "not dialed"}${last}`;
    });
    reasons.push("no alive member is known: nobody has joined this node either");
    return reasons;
  }

  /** A bootstrap peer, by the PKI-ID its handshake found or by one of its endpoints. */
  isBootstrapPeer(hex: string, endpoints: ReadonlyArray<string | undefined>): boolean {
    if (this.bootstrapPkiIds.has(hex)) return true;
    return endpoints.some((endpoint) => endpoint !== undefined && this.bootstrapEndpoints.has(endpoint));
  }

  /** The old PKI-ID of a bootstrap peer whose certificate was renewed is no longer one. */
  forgetPkiId(hex: string): void {
    this.bootstrapPkiIds.delete(hex);
  }

  private async runConnect(
    target: ConnectTarget,
    endpoint: string,
    bootstrap: boolean,
    identify: Identify,
    observed: ConnectObserver,
  ): Promise<void> {
    observed.begin();
    const id = await this.handshakeUntilIdentified(identify, observed);
    if ("reason" in id) {
      observed.settled(id);
      return;
    }
    const hex = pkiIdHex(id.pkiId);
    observed.identified(hex);
    if (sameBytes(id.pkiId, this.ctx.self.signer.pkiId)) {
      this.ctx.logger.info({ endpoint }, "endpoint is this node itself, not connecting");
      this.ctx.self.addAlias(endpoint);
      this.ctx.self.addAlias(target.endpoint);
      observed.settled({ reason: "self", message: `${endpoint} is this node` });
      return;
    }
    if (bootstrap) this.bootstrapPkiIds.add(hex);
    const nonce = randomNonce();
    const request = this.ctx.self.createMembershipRequest(id.selfOrg, nonce);
    const outcome = await sendUntilAcked(
      this.ctx,
      { endpoint, pkiId: id.pkiId },
      request,
      this.ctx.lifetime.signal,
      observed.awaitingAck(nonce),
    );
    if (outcome === "acked" && bootstrap) this.ackedBootstrap.add(endpoint);
    const max = this.ctx.timings.maxConnectionAttempts;
    if (outcome === "acked") observed.settled();
    else if (outcome === "gave_up")
      observed.settled({ reason: "gave_up", message: `no response after ${max} membership requests` });
    else observed.settled(STOPPED);
  }

  /** Up to maxConnectionAttempts identify() calls, reconnectInterval apart; the failure when none succeeds. */
  private async handshakeUntilIdentified(
    identify: Identify,
    observed: ConnectObserver,
  ): Promise<PeerIdentification | ConnectionFailure> {
    const { signal } = this.ctx.lifetime;
    const max = this.ctx.timings.maxConnectionAttempts;
    let last = "no handshake succeeded";
    for (let attempt = 1; attempt <= max && !signal.aborted; attempt++) {
      try {
        return await observed.handshake(attempt, (traceContext) =>
          abortable(identify(signal, traceContext), signal),
        );
      } catch (err) {
        if (signal.aborted) break;
        const failure = failureOf(err);
        last = failure.message;
        observed.handshakeFailed(attempt, failure);
        if (attempt === max) break;
        try {
          await sleep(this.ctx.clock, this.ctx.timings.reconnectInterval, signal);
        } catch {
          break;
        }
      }
    }
    if (signal.aborted) return STOPPED;
    return { reason: "gave_up", message: `gave up after ${max} handshake attempts: ${last}` };
  }
}
