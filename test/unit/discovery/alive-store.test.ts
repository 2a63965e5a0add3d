import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import { type AliveRecord, parseAlive } from "../../../src/discovery/alive-message.js";
import { AliveStore } from "../../../src/discovery/alive-store.js";
import { aliveMessage } from "../../../src/protocol/messages.js";
import { signMessage } from "../../../src/protocol/signed-message.js";

/** An alive message of the member named `hex` (signatures play no part in the store). */
function record(hex: string, incNum: bigint, seqNum: bigint): AliveRecord {
  const fields = { endpoint: `${hex}:7051`, pkiId: new Uint8Array([1]), time: { incNum, seqNum } };
  const parsed = parseAlive(signMessage(aliveMessage(fields), () => new Uint8Array([2]))) as AliveRecord;
  return { ...parsed, hex };
}

describe("AliveStore", () => {
  it("accepts the first message of a member and then only newer ones", () => {
    const store = new AliveStore(new ManualClock(), 1_000, () => {});
    expect(store.check(record("a", 1n, 5n))).toBe("new");
    expect(store.add(record("a", 1n, 5n))?.hex).toBe("a");
    expect(store.check(record("a", 1n, 5n))).toBe("duplicate");
    expect(store.check(record("a", 1n, 4n))).toBe("stale");
    expect(store.check(record("a", 0n, 99n))).toBe("stale");
    expect(store.check(record("a", 1n, 6n))).toBe("new");
    expect(store.check(record("a", 2n, 0n))).toBe("new");
    expect(store.add(record("a", 1n, 4n))).toBeUndefined();
    expect(store.check(record("b", 0n, 0n))).toBe("new");
  });

  it("replaces the older message of a member with the newer one", () => {
    const store = new AliveStore(new ManualClock(), 1_000, () => {});
    store.add(record("a", 1n, 1n));
    expect(store.add(record("a", 1n, 2n))?.time).toEqual({ incNum: 1n, seqNum: 2n });
    expect(store.check(record("a", 1n, 2n))).toBe("duplicate");
    expect(store.check(record("a", 1n, 1n))).toBe("stale");
  });

  it("expires a message after the TTL, telling the callback once, and still refuses older replays until twice the TTL", async () => {
    const clock = new ManualClock();
    const expired: string[] = [];
    const store = new AliveStore(clock, 1_000, (r) => expired.push(r.hex));
    expect(store.checkIntervalMs).toBe(10);
    store.add(record("a", 1n, 5n));
    await clock.advance(1_000);
    store.expire();
    expect(expired).toEqual([]);
    await clock.advance(1);
    store.expire();
    store.expire();
    expect(expired).toEqual(["a"]);
    expect(store.check(record("a", 1n, 4n))).toBe("stale");
    await clock.advance(1_000);
    store.expire();
    expect(store.check(record("a", 1n, 4n))).toBe("new");
  });

  it("restarts the TTL when a newer message replaces an older one", async () => {
    const clock = new ManualClock();
    const expired: string[] = [];
    const store = new AliveStore(clock, 1_000, (r) => expired.push(r.hex));
    store.add(record("a", 1n, 1n));
    await clock.advance(900);
    store.add(record("a", 1n, 2n));
    await clock.advance(900);
    store.expire();
    expect(expired).toEqual([]);
  });
});
