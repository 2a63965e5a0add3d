import { describe, expect, it } from "vitest";
import type { Connection } from "../../../src/comm/connection.js";
import { ConnectionStore } from "../../../src/comm/connection-store.js";
import type { ValidatedIdentity } from "../../../src/identity/validator.js";

const LOW = "01".repeat(32);
const HIGH = "ff".repeat(32);

function fakeConnection(direction: "inbound" | "outbound", remoteHex: string) {
  const conn = {
    direction,
    isClosed: false,
    remote: { pkiId: Buffer.from(remoteHex, "hex") } as unknown as ValidatedIdentity,
    close() {
      conn.isClosed = true;
    },
  };
  return conn as typeof conn & Connection;
}

describe("connection store", () => {
  it("keeps the stream dialed by the lower PKI-ID when both sides dial at once, on both sides", () => {
    // The low side: its outbound beats the high side's inbound, in either order of arrival.
    const low = new ConnectionStore(LOW, () => {});
    const lowOut = fakeConnection("outbound", HIGH);
    const lowIn = fakeConnection("inbound", HIGH);
    low.register(lowIn);
    expect(low.register(lowOut)).toBe(lowOut);
    expect(lowIn.isClosed).toBe(true);

    // The high side keeps the inbound stream (the one the low side dialed), whichever came first.
    const high = new ConnectionStore(HIGH, () => {});
    const highIn = fakeConnection("inbound", LOW);
    const highOut = fakeConnection("outbound", LOW);
    high.register(highIn);
    expect(high.register(highOut)).toBe(highIn);
    expect(highOut.isClosed).toBe(true);
    expect(high.get(LOW)).toBe(highIn);
  });

  it("lets a new inbound stream from a peer replace its old one", () => {
    const store = new ConnectionStore(LOW, () => {});
    const old = fakeConnection("inbound", HIGH);
    const fresh = fakeConnection("inbound", HIGH);
    store.register(old);
    expect(store.register(fresh)).toBe(fresh);
    expect(old.isClosed).toBe(true);
  });

  it("replaces a closed connection whatever its direction", () => {
    const store = new ConnectionStore(HIGH, () => {});
    const dead = fakeConnection("inbound", LOW);
    store.register(dead);
    dead.isClosed = true;
    const next = fakeConnection("outbound", LOW);
    expect(store.register(next)).toBe(next);
  });

  it("forgets a closed connection only if it is still the current one, and reports its size", () => {
    const sizes: number[] = [];
    const store = new ConnectionStore(LOW, (n) => sizes.push(n));
    const first = fakeConnection("inbound", HIGH);
    const second = fakeConnection("inbound", HIGH);
    store.register(first);
    store.register(second);
    store.remove(first);
    expect(store.get(HIGH)).toBe(second);
    store.remove(second);
    expect(store.size).toBe(0);
    expect(sizes.at(-1)).toBe(0);
  });

  it("closes everything on closeAll", () => {
    const store = new ConnectionStore(LOW, () => {});
    const conns = [fakeConnection("inbound", HIGH), fakeConnection("outbound", "aa".repeat(32))];
    for (const c of conns) store.register(c);
    store.closeAll();
    expect(conns.every((c) => c.isClosed)).toBe(true);
    expect(store.pkiIds()).toEqual([]);
  });
});
