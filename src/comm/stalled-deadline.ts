// Telling a peer's silence from our own. A deadline fires only when this process's
// event loop runs again; one that fires long after it was due measured our stall
// (a starved CPU, a long GC pause, a frozen VM), and the peer's answer may be sitting
// unread in the socket. Only the deadline's own firing is blamed on us: a failure
// for any other reason (refused, reset, unimplemented) is the peer's, however late
// it was processed, and the peer is presumed dead as in Fabric. The expiry check
// doubts itself the same way after a stall (discovery's StallDetector).

/** Lateness, as a fraction of the deadline's budget, beyond which the deadline measured our stall. */
const STALLED_DEADLINE_FRACTION = 0.25;

/** Whether a deadline of `budgetMs`, due at `dueAt`, fired at `now` long enough after it was due to blame this process. */
export function missedByOwnStall(now: number, dueAt: number, budgetMs: number): boolean {
  return now - dueAt > budgetMs * STALLED_DEADLINE_FRACTION;
}
