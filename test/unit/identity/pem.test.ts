import { describe, expect, it } from "vitest";
import { encodePem, type PemScan, scanPem } from "../../../src/identity/pem.js";
import { PemConverter } from "../../../src/identity/x509-lib.js";

/**
 * The scanner's specification as one regex (what pem.ts used before it was made linear).
 * Fine as an oracle on small inputs; quadratic on "-----BEGIN X-----\n" repeated.
 */
function referenceScan(text: string): PemScan | undefined {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
  const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
  const blocks: { type: string; der: Buffer }[] = [];
  let stray = false;
  let last = 0;
  for (const m of text.matchAll(block)) {
    const [whole, type, body, endType] = m as unknown as [string, string, string, string];
    if (type !== endType) return undefined;
    const b64 = body.replace(/\s+/g, "");
    if (b64.length === 0 || b64.length % 4 !== 0 || !base64.test(b64)) return undefined;
    if (text.slice(last, m.index).trim() !== "") stray = true;
    last = m.index + whole.length;
    blocks.push({ type, der: Buffer.from(b64, "base64") });
  }
  if (text.slice(last).trim() !== "") stray = true;
  return { blocks, hasStrayText: stray };
}

const summary = (scan: PemScan | undefined) =>
  scan && { blocks: scan.blocks.map((b) => [b.type, b.der.toString("hex")]), stray: scan.hasStrayText };

/** Deterministic pseudo-random generator, so a failure reproduces. */
function lcg(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state % n;
  };
}

describe("scanPem", () => {
  it("reads blocks, their types and DER, and notices stray text", () => {
    const a = encodePem("CERTIFICATE", new Uint8Array([1, 2, 3]));
    const b = encodePem("EC PRIVATE KEY", new Uint8Array(100).fill(9));
    expect(summary(scanPem(`\n${a}${b}  \n`))).toEqual({
      blocks: [
        ["CERTIFICATE", "010203"],
        ["EC PRIVATE KEY", "09".repeat(100)],
      ],
      stray: false,
    });
    expect(scanPem(`junk${a}`)?.hasStrayText).toBe(true);
    expect(scanPem(`${a}junk`)?.hasStrayText).toBe(true);
    expect(scanPem(a.replace(/\n/g, "\r\n"))?.blocks).toHaveLength(1);
  });

  it("fails on a mismatched END line, bad base64 or an empty body", () => {
    expect(scanPem("-----BEGIN A-----\nAAAA\n-----END B-----\n")).toBeUndefined();
    expect(scanPem("-----BEGIN A-----\nAA!A\n-----END A-----\n")).toBeUndefined();
    expect(scanPem("-----BEGIN A-----\nAAA\n-----END A-----\n")).toBeUndefined();
    expect(scanPem("-----BEGIN A-----\n-----END A-----\n")).toBeUndefined();
  });

  it("treats an unterminated BEGIN as stray text", () => {
    expect(summary(scanPem("-----BEGIN A-----\nAAAA\n"))).toEqual({ blocks: [], stray: true });
  });

  it("agrees with the reference regex on thousands of generated inputs", () => {
    const pieces = ["-----BEGIN ", "-----END ", "-----", "A", "B", "CERT", " ", "\n", "\r\n", "\r"];
    pieces.push("AAAA", "QUJD", "==", "=", "x", "-", "END", "BEGIN", "\t", "a");
    const next = lcg(7);
    for (let i = 0; i < 20_000; i++) {
      let text = "";
      const length = 1 + next(25);
      for (let j = 0; j < length; j++) text += pieces[next(pieces.length)];
      if (next(3) === 0) text = `-----BEGIN A-----\n${text}-----END A-----\n${next(2) ? text : ""}`;
      expect(summary(scanPem(text)), JSON.stringify(text)).toEqual(summary(referenceScan(text)));
    }
  });

  // Complexity regression guards, not benchmarks: the quadratic scanner took seconds here.
  it.each([
    ["BEGIN lines without an END", "-----BEGIN A-----\n".repeat(60_000)],
    ["one BEGIN and many unfinished END lines", `-----BEGIN A-----\n${"-----END ".repeat(120_000)}`],
    ["one endless label", `-----BEGIN ${"A".repeat(1_000_000)}`],
  ])("scans a megabyte of %s in linear time", (_what, text) => {
    const started = performance.now();
    const scan = scanPem(text);
    expect(scan?.blocks).toEqual([]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("encodePem", () => {
  it("writes what @peculiar/x509's encoder writes, plus Go's final newline, at every line-length boundary", () => {
    for (const length of [1, 2, 3, 47, 48, 49, 96, 100, 1_000]) {
      const der = new Uint8Array(length).map((_, i) => (i * 37) % 256);
      expect(encodePem("CERTIFICATE", der)).toBe(`${PemConverter.encode(der, "CERTIFICATE")}\n`);
    }
  });
});
