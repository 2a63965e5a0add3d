// Waiting for a Discovery to have learned members: a large membership response is
// verified in the background, so handleMsgFromComm returns before its members join.
import type { Discovery } from "../src/discovery/discovery.js";

/** Resolves once `count` members joined (from now on); rejects after `timeoutMs`. */
export function untilJoined(discovery: Discovery, count: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let joined = 0;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${joined} of ${count} members joined within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = discovery.on("membership", (event) => {
      if (event.kind !== "joined" || ++joined < count) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
