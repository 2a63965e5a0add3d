// Log lines that a remote party can trigger (a failed handshake, a refused
// connection) pass through here: a few lines per reason per window, then one
// line saying how many were suppressed. Metrics count every event; the log
// only has to say that it happens and why, without letting a flood fill disks.
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";

type Level = "debug" | "info" | "warn";

export interface RateLimitedLogOptions {
  logger: Logger;
  clock: Pick<Clock, "now">;
  /** Lines written per reason in each window; the rest are counted. */
  linesPerWindow?: number;
  windowMs?: number;
  /** Distinct reasons tracked at once; reasons come from closed sets, this only bounds a mistake. */
  maxReasons?: number;
}

interface Window {
  startedAt: number;
  written: number;
  suppressed: number;
}

const DEFAULT_LINES_PER_WINDOW = 3;
const DEFAULT_WINDOW_MS = 1_000;
const DEFAULT_MAX_REASONS = 256;

export class RateLimitedLog {
  private readonly windows = new Map<string, Window>();
  private readonly linesPerWindow: number;
  private readonly windowMs: number;
  private readonly maxReasons: number;

  constructor(private readonly options: RateLimitedLogOptions) {
    this.linesPerWindow = options.linesPerWindow ?? DEFAULT_LINES_PER_WINDOW;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxReasons = options.maxReasons ?? DEFAULT_MAX_REASONS;
  }

  /**
   * Writes the line unless `reason` already wrote linesPerWindow lines in this
   * window. The first line of a later window first reports what was suppressed.
   */
  log(level: Level, reason: string, fields: Record<string, unknown>, message: string): void {
    const { logger, clock } = this.options;
    const now = clock.now();
    let window = this.windows.get(reason);
    if (window && now - window.startedAt >= this.windowMs) {
      if (window.suppressed > 0) {
        logger[level]({ reason, suppressed: window.suppressed }, `${message}: similar lines suppressed`);
      }
      this.windows.delete(reason);
      window = undefined;
    }
    if (!window) {
      if (this.windows.size >= this.maxReasons) this.windows.clear();
      window = { startedAt: now, written: 0, suppressed: 0 };
      this.windows.set(reason, window);
    }
    if (window.written >= this.linesPerWindow) {
      window.suppressed++;
      return;
    }
    window.written++;
    logger[level]({ ...fields, reason }, message);
  }
}
