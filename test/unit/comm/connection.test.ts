import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import { Connection } from "../../../src/comm/connection.js";
import type { GossipStreamCall } from "../../../src/comm/grpc-service.js";
import { silentLogger } from "../../../src/observability/logger.js";

/** A stream whose remote never says anything. */
function silentStream(): GossipStreamCall {
  return Object.assign(new EventEmitter(), { write: () => true }) as unknown as GossipStreamCall;
}

function connection(clock: ManualClock): Connection {
  return new Connection(silentStream(), {
    direction: "outbound",
    endpoint: "127.0.0.1:7051",
    sendBuffSize: 1,
    recvBuffSize: 1,
    logger: silentLogger(),
    clock,
  });
}

/** What the promise rejects with (handled from the start: it rejects while the clock moves). */
function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe("Connection.readFirst", () => {
  it("fails as a timeout when no handshake comes within the time allowed", async () => {
    const clock = new ManualClock();
    const failure = failureOf(connection(clock).readFirst(1_000));
    await clock.advance(1_000);
    expect(await failure).toMatchObject({ reason: "timeout" });
  });

  it("fails as stalled, not as the peer's timeout, when its timer fires long past due", async () => {
    // The process did not run for 2 s (GC pause, starved CPU): the peer's handshake may sit unread.
    const clock = new ManualClock();
    const failure = failureOf(connection(clock).readFirst(1_000));
    await clock.jump(2_000);
    expect(await failure).toMatchObject({ reason: "stalled" });
  });
});
