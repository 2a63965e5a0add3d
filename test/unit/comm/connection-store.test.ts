import { describe, expect, it } from "vitest";
import type { Connection } from "../../../src/comm/connection.js";
import { ConnectionStore } from "../../../src/comm/connection-store.js";
import type { StreamEvent } from "../../../src/comm/reasons.js";
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

function newStore() {
  const sizes: number[] = [];
  const events: Array<[StreamEvent, Connection]> = [];
  const store = new ConnectionStore({
    onSizeChange: (n) => sizes.push(n),
    onStreamEvent: (event, connection) => events.push([event, connection]),
  });
  return { store, sizes, events };
}

describe("connection store (Fabric's tie-break)", () => {
  it("lets a new inbound stream replace an existing outbound connection, whatever the PKI-IDs", () => {
    for (const remote of [LOW, HIGH]) {
      const { store, events } = newStore();
      const out = fakeConnection("outbound", remote);
      const inbound = fakeConnection("inbound", remote);
      store.register(out);
      expect(store.register(inbound)).toBe(inbound);
      expect(out.isClosed).toBe(true);
      expect(store.get(remote)).toBe(inbound);
      expect(events.map(([e]) => e)).toEqual(["registered", "registered", "replaced"]);
      expect(events[2]?.[1]).toBe(out);
    }
  });

  it("drops a freshly dialled outbound stream when a connection already exists", () => {
    for (const remote of [LOW, HIGH]) {
      const { store, events } = newStore();
      const inbound = fakeConnection("inbound", remote);
      const out = fakeConnection("outbound", remote);
      store.register(inbound);
      expect(store.register(out)).toBe(inbound);
      expect(out.isClosed).toBe(true);
      expect(inbound.isClosed).toBe(false);
      expect(events.map(([e]) => e)).toEqual(["registered", "dropped"]);
    }
  });

  it("lets a new inbound stream from a peer replace its old one", () => {
    const { store } = newStore();
    const old = fakeConnection("inbound", HIGH);
    const fresh = fakeConnection("inbound", HIGH);
    store.register(old);
    expect(store.register(fresh)).toBe(fresh);
    expect(old.isClosed).toBe(true);
  });

  it("replaces a closed connection whatever its direction", () => {
    const { store, events } = newStore();
    const dead = fakeConnection("inbound", LOW);
    store.register(dead);
    dead.isClosed = true;
    const next = fakeConnection("outbound", LOW);
    expect(store.register(next)).toBe(next);
    expect(events.map(([e]) => e)).toEqual(["registered", "registered"]);
  });

  it("forgets a closed connection only if it is still the current one, and reports its size", () => {
    const { store, sizes, events } = newStore();
    const first = fakeConnection("inbound", HIGH);
    const second = fakeConnection("inbound", HIGH);
    store.register(first);
    store.register(second);
    store.remove(first);
    expect(store.get(HIGH)).toBe(second);
    store.remove(second);
    expect(store.size).toBe(0);
    expect(sizes.at(-1)).toBe(0);
    expect(events.at(-1)).toEqual(["closed", second]);
  });

  it("closes everything on closeAll", () => {
    const { store } = newStore();
    const conns = [fakeConnection("inbound", HIGH), fakeConnection("outbound", "aa".repeat(32))];
    for (const c of conns) store.register(c);
    store.closeAll();
    expect(conns.every((c) => c.isClosed)).toBe(true);
    expect(store.pkiIds()).toEqual([]);
  });
});
