// What discovery's parts (alive handling, the membership exchange, joining,
// the periodic tasks) share: the node's services, the membership view, the
// alive message store, and one lifetime that stop() ends.
import { setMaxListeners } from "node:events";
import type { Logger } from "pino";
import type { IdentityStore } from "../certstore/identity-store.js";
import type { Clock, TimerHandle } from "../clock/clock.js";
import type { CommService, ReceivedMessage } from "../comm/comm-service.js";
import type { GossipTimings } from "../config/gossip-config.js";
import type { IdentityValidator } from "../identity/validator.js";
import type { NodeMetrics } from "../observability/metrics.js";
import type { DropReason } from "../protocol/drop-reasons.js";
import { kindOf, type MessageKind } from "../protocol/messages.js";
import type { PubSub } from "../pubsub/pubsub.js";
import type { AliveStore } from "./alive-store.js";
import type { OrgLookup } from "./disclosure.js";
import { stoppedError } from "./errors.js";
import type { Membership } from "./membership.js";
import type { DiscoveryObserver } from "./observer.js";
import type { SelfNode } from "./self.js";

export interface DiscoveryContext {
  readonly self: SelfNode;
  readonly comm: CommService;
  readonly validator: IdentityValidator;
  readonly identities: IdentityStore;
  readonly timings: GossipTimings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  readonly observer: DiscoveryObserver;
  readonly membership: Membership;
  readonly aliveStore: AliveStore;
  /** Membership responses publish their nonce here; sendUntilAcked waits on it. */
  readonly pubsub: PubSub<bigint>;
  readonly orgs: OrgLookup;
  readonly lifetime: Lifetime;
}

/**
 * Counts a dropped message by type and reason and says why at debug level; `type` defaults to
 * the received message's. Duplicates are most of what a member receives, so a detail that
 * needs building can be passed as a function, called only when debug logging is on.
 */
export function drop(
  ctx: DiscoveryContext,
  reason: DropReason,
  detail: string | (() => string),
  received: ReceivedMessage,
  type: MessageKind = kindOf(received.signed.message),
): void {
  ctx.metrics.tallies.dropped(type, reason);
  if (!ctx.logger.isLevelEnabled("debug")) return;
  ctx.logger.debug(
    {
      reason,
      endpoint: received.sender.endpoint,
      kind: type,
    },
    `dropped: ${typeof detail === "string" ? detail : detail()}`,
  );
}

/** Timers, background tasks and waits of one discovery; end() cancels them all through one signal. */
export class Lifetime {
  private readonly controller = new AbortController();
  private readonly timers: TimerHandle[] = [];
  private readonly tasks = new Set<Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    // Every wait listens on the one lifetime signal; there are legitimately many.
    setMaxListeners(0, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  /** Runs fn every ms until the end; an exception is logged, never fatal. */
  every(ms: number, fn: () => void): void {
    this.timers.push(
      this.clock.setInterval(() => {
        if (this.ended) return;
        try {
          fn();
        } catch (err) {
          this.logger.error({ err }, "periodic discovery task failed");
        }
      }, ms),
    );
  }

  /** Keeps a background task, so end() can wait for it. */
  track(task: Promise<unknown>): void {
    const tracked = task.catch((err) => this.logger.error({ err }, "discovery task failed"));
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  /** Aborts every wait, cancels every timer and waits for the tasks to end. */
  async end(): Promise<void> {
    this.controller.abort(stoppedError());
    for (const timer of this.timers.splice(0)) timer.cancel();
    await Promise.allSettled([...this.tasks]);
  }
}
