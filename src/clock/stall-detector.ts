// Notices when this process itself was stalled (a GC pause, a VM or container
// freeze, SIGSTOP): a periodic task that should run every `intervalMs` finds
// far more time passed since its last run. Failure detection uses it, in the
// spirit of Lifeguard's local health awareness, not to blame peers for our own
// silence.

export class StallDetector {
  private last: number | undefined;

  constructor(
    /** How often observe() is meant to be called. */
    private readonly intervalMs: number,
    /** Lateness beyond the interval that counts as a stall. */
    private readonly thresholdMs: number,
  ) {}

  /** Call on every run of the periodic task; returns how long the stall was, or 0 when there was none. */
  observe(now: number): number {
    const last = this.last;
    this.last = now;
    if (last === undefined) return 0;
    const late = now - last - this.intervalMs;
    return late > this.thresholdMs ? late : 0;
  }
}
