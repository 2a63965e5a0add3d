// Runs until SIGINT or SIGTERM, then stops what it started, once, and exits 0.
import type { Logger } from "pino";

export function stopOnSignals(stop: () => Promise<void>, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      stop().then(resolve, (err) => {
        logger.error({ err }, "shutdown failed");
        resolve();
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
