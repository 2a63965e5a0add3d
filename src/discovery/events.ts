// Membership changes as events, for the admin API, logs and tests. Listeners
// run synchronously after the view changed; one that throws does not affect
// discovery or the other listeners.
import type { Logger } from "pino";

/** Every kind of membership change, for metrics that pre-register their label values. */
export const MEMBERSHIP_EVENT_KINDS = ["joined", "updated", "dead", "resurrected", "purged"] as const;
export type MembershipEventKind = (typeof MEMBERSHIP_EVENT_KINDS)[number];

export interface MembershipEvent {
  readonly kind: MembershipEventKind;
  /** Lower-case hex PKI-ID. */
  readonly pkiId: string;
  readonly endpoint: string;
  readonly internalEndpoint?: string;
  /** The member's MSP ID, when its identity is known. */
  readonly mspId?: string;
  /** Times the member went alive → dead → alive so far (flapping), this change included. */
  readonly flaps: number;
  /** Clock ms at which the change happened. */
  readonly at: number;
}

export type MembershipListener = (event: MembershipEvent) => void;

export class MembershipEvents {
  private readonly listeners = new Set<MembershipListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the function that unsubscribes. */
  on(listener: MembershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: MembershipEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.logger.error({ err, event: event.kind }, "membership listener threw");
      }
    }
  }
}
