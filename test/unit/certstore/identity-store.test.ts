import type { KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IdentityStore } from "../../../src/certstore/identity-store.js";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import { pkiIdHex } from "../../../src/identity/pki-id.js";
import type { ValidatedIdentity } from "../../../src/identity/validator.js";

/** The store only reads pkiId, mspId and expiresAt; the rest is never touched. */
function identity(seed: number, expiresAt: number, mspId = "Org1MSP"): ValidatedIdentity {
  return {
    mspId,
    pkiId: new Uint8Array(32).fill(seed),
    publicKey: {} as KeyObject,
    expiresAt,
    verify: () => true,
    verifyAsync: async () => true,
  };
}

describe("IdentityStore", () => {
  it("stores, finds by bytes or hex, and deletes identities by PKI-ID", () => {
    const clock = new ManualClock();
    const store = new IdentityStore({ clock });
    const a = identity(1, clock.now() + 60_000);
    expect(store.put(a)).toBe(true);
    expect(store.get(a.pkiId)).toBe(a);
    expect(store.get(pkiIdHex(a.pkiId))).toBe(a);
    expect(store.has(a.pkiId)).toBe(true);
    expect(store.size).toBe(1);
    expect(store.pkiIds().map(pkiIdHex)).toEqual([pkiIdHex(a.pkiId)]);
    expect(store.delete(a.pkiId)).toBe(true);
    expect(store.has(a.pkiId)).toBe(false);
    expect(store.size).toBe(0);
  });

  it("stores under the hex the caller gives, found by bytes or by that hex, and replaced like any other", () => {
    const clock = new ManualClock();
    const store = new IdentityStore({ clock });
    const a = identity(2, clock.now() + 60_000);
    const hex = pkiIdHex(a.pkiId);
    expect(store.put(a, hex)).toBe(true);
    expect(store.get(a.pkiId)).toBe(a);
    expect(store.get(hex)).toBe(a);
    const renewed = identity(2, clock.now() + 120_000);
    store.put(renewed);
    expect(store.get(hex)).toBe(renewed);
    expect(store.size).toBe(1);
  });

  it("forgets an identity once its certificate expires", async () => {
    const clock = new ManualClock();
    const store = new IdentityStore({ clock });
    const a = identity(1, clock.now() + 1_000);
    store.put(a);
    await clock.advance(1_001);
    expect(store.get(a.pkiId)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("refuses an already expired identity", () => {
    const clock = new ManualClock();
    const store = new IdentityStore({ clock });
    expect(store.put(identity(1, clock.now() - 1))).toBe(false);
    expect(store.size).toBe(0);
  });

  it("stays within its capacity, evicting expired entries first, then the oldest", async () => {
    const clock = new ManualClock();
    const store = new IdentityStore({ clock, capacity: 3 });
    const short = identity(1, clock.now() + 10);
    const b = identity(2, clock.now() + 60_000);
    const c = identity(3, clock.now() + 60_000);
    store.put(short);
    store.put(b);
    store.put(c);
    await clock.advance(20);
    store.put(identity(4, clock.now() + 60_000));
    expect(store.has(b.pkiId)).toBe(true);
    expect(store.has(c.pkiId)).toBe(true);
    store.put(identity(5, clock.now() + 60_000));
    expect(store.size).toBe(3);
    expect(store.has(b.pkiId)).toBe(false);
    expect(store.has(c.pkiId)).toBe(true);
  });

  it("holds 10 000 identities by default and no more", () => {
    const clock = new ManualClock();
    const store = new IdentityStore({ clock });
    for (let i = 0; i < 10_050; i++) {
      const pkiId = new Uint8Array(32);
      new DataView(pkiId.buffer).setUint32(0, i);
      store.put({ ...identity(0, clock.now() + 60_000), pkiId });
    }
    expect(store.size).toBe(10_000);
  });
});
