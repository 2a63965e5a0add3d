import { generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeDerSignature, P256_ORDER, parseDerSignature } from "../../../src/identity/ecdsa.js";
import { type IdentityError, isLowS, signLowS, toLowS, verifyLowS } from "../../../src/identity/index.js";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const data = new TextEncoder().encode("alive message payload");

/** The high-S twin of a low-S signature: same r, s' = n - s; mathematically valid, Fabric rejects it. */
function highSTwin(sig: Uint8Array): Uint8Array {
  const parsed = parseDerSignature(sig);
  if (!parsed) throw new Error("bad test signature");
  return encodeDerSignature({ r: parsed.r, s: P256_ORDER - parsed.s });
}

describe("ECDSA low-S signatures", () => {
  it("round-trips: a signature verifies over the same data with the matching key", () => {
    const sig = signLowS(privateKey, data);
    expect(verifyLowS(publicKey, data, sig)).toBe(true);
  });

  it("rejects the signature over other data or under another key", () => {
    const sig = signLowS(privateKey, data);
    const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey;
    expect(verifyLowS(publicKey, new TextEncoder().encode("tampered"), sig)).toBe(false);
    expect(verifyLowS(other, data, sig)).toBe(false);
  });

  it("always produces low-S, well-formed DER (200 signatures)", () => {
    for (let i = 0; i < 200; i++) {
      const sig = signLowS(privateKey, new TextEncoder().encode(`msg ${i}`));
      expect(isLowS(sig)).toBe(true);
      expect(parseDerSignature(sig)).toBeDefined();
    }
  });

  it("writes r and s minimally whatever their width: short ones unpadded, a high first bit padded", () => {
    // r or s shorter than 32 bytes comes once in 256 signatures, r with its top bit set (33 bytes
    // with the pad) about half the time; s is at most n/2, so never padded. Bounded at 20,000.
    const wanted = ["r<32", "r32", "r33", "s<32", "s32"];
    const seen = new Set<string>();
    const width = (length: number) => (length < 32 ? "<32" : String(length));
    for (let i = 0; i < 20_000 && seen.size < wanted.length; i++) {
      const message = new TextEncoder().encode(`width ${i}`);
      const sig = signLowS(privateKey, message);
      const parsed = parseDerSignature(sig);
      if (!parsed) throw new Error(`signature ${i} does not parse`);
      // The canonical (minimal) DER of (r, s) is what encodeDerSignature writes.
      expect(Buffer.from(encodeDerSignature(parsed)).equals(sig)).toBe(true);
      expect(parsed.s <= P256_ORDER >> 1n).toBe(true);
      expect(verify("sha256", message, publicKey, sig)).toBe(true);
      const rLength = sig[3] as number;
      seen.add(`r${width(rLength)}`);
      seen.add(`s${width(sig[4 + rLength + 1] as number)}`);
    }
    expect([...seen].sort()).toEqual([...wanted].sort());
  });

  it("rejects the high-S variant of a valid signature, which OpenSSL alone would accept", () => {
    const sig = signLowS(privateKey, data);
    const high = highSTwin(sig);
    expect(isLowS(high)).toBe(false);
    expect(verifyLowS(publicKey, data, high)).toBe(false);
    // Sanity: the twin is a mathematically valid signature.
    expect(verify("sha256", data, { key: publicKey, dsaEncoding: "der" }, high)).toBe(true);
  });

  it("toLowS turns a high-S signature into its verifiable low-S twin", () => {
    const sig = signLowS(privateKey, data);
    const back = toLowS(highSTwin(sig));
    expect(back && Buffer.from(back).equals(Buffer.from(sig))).toBe(true);
  });

  it("normalises OpenSSL's raw signatures: about half come out high-S before normalisation", () => {
    let high = 0;
    for (let i = 0; i < 64; i++) {
      const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "der" });
      if (!isLowS(raw)) high++;
      const low = toLowS(raw);
      expect(low && verifyLowS(publicKey, data, low)).toBe(true);
    }
    expect(high).toBeGreaterThan(0);
  });

  it("returns false, without throwing, for malformed DER", () => {
    const good = Buffer.from(signLowS(privateKey, data));
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([0x30]),
      good.subarray(0, good.length - 1), // truncated
      Buffer.concat([good, Buffer.from([0])]), // trailing byte
      Buffer.from([0x31, ...good.subarray(1)]), // SET instead of SEQUENCE
      Buffer.from("30060201000201ff", "hex"), // r = 0, s negative
      Buffer.from("3006020101020101", "hex").subarray(0, 7), // length mismatch
      Buffer.from("300702020001020101", "hex"), // non-minimal INTEGER (superfluous 0x00)
      Buffer.from("308106020101020101", "hex"), // long-form length where short form fits
      Buffer.from("3009020101020101020101", "hex"), // three INTEGERs
      new TextEncoder().encode("not a signature at all"),
    ];
    for (const bad of cases) {
      expect(() => verifyLowS(publicKey, data, bad)).not.toThrow();
      expect(verifyLowS(publicKey, data, bad)).toBe(false);
    }
  });

  it("rejects s >= n and r >= n", () => {
    const sig = parseDerSignature(signLowS(privateKey, data));
    if (!sig) throw new Error("bad test signature");
    expect(verifyLowS(publicKey, data, encodeDerSignature({ r: sig.r, s: sig.s + P256_ORDER }))).toBe(false);
    expect(verifyLowS(publicKey, data, encodeDerSignature({ r: sig.r + P256_ORDER, s: sig.s }))).toBe(false);
  });

  it("isLowS draws the line exactly at n/2 and accepts r and s only in [1, n)", () => {
    const half = P256_ORDER >> 1n;
    const r = 0x1234n;
    expect(isLowS(encodeDerSignature({ r, s: half }))).toBe(true);
    expect(isLowS(encodeDerSignature({ r, s: half + 1n }))).toBe(false);
    expect(isLowS(encodeDerSignature({ r, s: 1n }))).toBe(true);
    expect(isLowS(encodeDerSignature({ r, s: 0n }))).toBe(false);
    expect(isLowS(encodeDerSignature({ r: P256_ORDER - 1n, s: 1n }))).toBe(true);
    expect(isLowS(encodeDerSignature({ r: P256_ORDER, s: 1n }))).toBe(false);
    expect(isLowS(encodeDerSignature({ r: 0n, s: 1n }))).toBe(false);
    // Short magnitudes (fewer bytes than the order) compare as smaller, padded ones as their value.
    expect(isLowS(encodeDerSignature({ r: 1n << 255n, s: 0x7fn }))).toBe(true);
  });

  it("isLowS agrees with the big-integer reading on 200 raw OpenSSL signatures", () => {
    for (let i = 0; i < 200; i++) {
      const raw = sign("sha256", new TextEncoder().encode(`m${i}`), { key: privateKey, dsaEncoding: "der" });
      const parsed = parseDerSignature(raw);
      expect(parsed).toBeDefined();
      expect(isLowS(raw)).toBe((parsed?.s ?? P256_ORDER) <= P256_ORDER >> 1n);
    }
  });

  it("encodes INTEGERs with a leading zero exactly when the top bit is set", () => {
    const der = Buffer.from(encodeDerSignature({ r: 0x80n, s: 0x7fn }));
    expect(der.toString("hex")).toBe("30070202008002017f");
  });

  it("refuses to sign with a non-P-256 key, and never verifies with one", () => {
    const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    let reason: string | undefined;
    try {
      signLowS(p384.privateKey, data);
    } catch (err) {
      reason = (err as IdentityError).reason;
    }
    expect(reason).toBe("bad_key");
    const sig = sign("sha256", data, { key: p384.privateKey, dsaEncoding: "der" });
    expect(verifyLowS(p384.publicKey, data, sig)).toBe(false);
  });
});
