// The CPU profile summariser: self time per function across stacks, categories,
// locations and the time window. No timing is asserted.
import { describe, expect, it } from "vitest";
import { type CpuProfile, categoryOf, profileTable, summariseProfile } from "../../../bench/cpuprofile.js";

const frame = (functionName: string, url = "", lineNumber = -1) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

// Node 3 and 5 are the same function on two stacks; node 7 is native code called by node 3.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)") },
    { id: 2, callFrame: frame("(idle)") },
    { id: 3, callFrame: frame("verify", "node:internal/crypto/sig", 199), children: [7] },
    { id: 4, callFrame: frame("write", "file:///app/node_modules/@grpc/grpc-js/build/src/call.js", 9) },
    { id: 5, callFrame: frame("verify", "node:internal/crypto/sig", 199) },
    { id: 6, callFrame: frame("get", "file:///work/x/dist/certstore/identity-store.js", 41) },
    { id: 7, callFrame: frame("run") },
  ],
  startTime: 1_000,
  endTime: 1_600,
  samples: [2, 3, 4, 5, 3, 6, 7],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100],
};

describe("summariseProfile", () => {
  it("adds up self time of one function across stacks, with file:line and category", () => {
    const summary = summariseProfile(profile);
    expect(summary.totalUs).toBe(700);
    expect(summary.functions[0]).toEqual({
      functionName: "verify",
      location: "node:internal/crypto/sig:200",
      category: "crypto",
      selfUs: 300,
      percent: (300 / 700) * 100,
    });
    const write = summary.functions.find((f) => f.functionName === "write");
    expect(write?.location).toBe("@grpc/grpc-js/build/src/call.js:10");
    expect(write?.category).toBe("transport");
    expect(summary.functions.find((f) => f.functionName === "get")?.location).toBe(
      "dist/certstore/identity-store.js:42",
    );
    expect(summary.functions.find((f) => f.functionName === "run")?.category).toBe("crypto");
    expect(summary.categories.map((c) => c.category)).toEqual(["crypto", "idle", "transport", "ours"]);
    expect(summary.categories[0]?.selfUs).toBe(400);
  });

  it("keeps only the samples inside the window", () => {
    // Samples are at 1100, 1200, ..., 1700: the window 1200-1400 holds verify, write, verify.
    const summary = summariseProfile(profile, { fromUs: 1_200, toUs: 1_400 });
    expect(summary.functions.map((f) => [f.functionName, f.selfUs])).toEqual([
      ["verify", 200],
      ["write", 100],
    ]);
  });

  it("renders a table with the top functions and every category", () => {
    const table = profileTable(summariseProfile(profile), 2);
    expect(table).toContain(
      "| 1 | 0.3 ms | 42.9 % | 50.0 % | verify | node:internal/crypto/sig:200 | crypto |",
    );
    expect(table).not.toContain("| 3 |");
    expect(table).toContain("| idle | 0.1 ms | 14.3 % | – |");
  });
});

describe("categoryOf", () => {
  it("tells pseudo-frames, packages, node core and our code apart", () => {
    expect(categoryOf(frame("(garbage collector)"))).toBe("GC");
    expect(categoryOf(frame("(program)"))).toBe("V8 / native (program)");
    expect(categoryOf(frame("writev"))).toBe("native / builtin");
    expect(categoryOf(frame("x", "node:internal/http2/core"))).toBe("transport");
    expect(categoryOf(frame("x", "file:///a/node_modules/protobufjs/src/reader.js"))).toBe("protobuf");
    expect(categoryOf(frame("x", "file:///a/dist/protocol/generated/wire.js"))).toBe("protobuf");
    expect(categoryOf(frame("x", "node:internal/timers"))).toBe("node core");
    expect(categoryOf(frame("x", "file:///a/dist/discovery/discovery.js"))).toBe("ours");
  });
});
