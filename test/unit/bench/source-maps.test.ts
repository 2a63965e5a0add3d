// Profiles of the bundled CLI: frames in a chunk are read back through the source
// map written beside it, so categories and locations name the original files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type CpuProfile, summariseProfile } from "../../../bench/cpuprofile.js";
import { withOriginalSources } from "../../../bench/source-maps.js";

const dir = mkdtempSync(join(tmpdir(), "fgn-source-maps-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One mapping: the chunk's line 0, column 0 is line 9 (0-based), column 0 of grpc-js's call.js.
mkdirSync(join(dir, "dist"));
writeFileSync(join(dir, "dist", "chunk.js"), "function write() {}\n");
writeFileSync(
  join(dir, "dist", "chunk.js.map"),
  JSON.stringify({
    version: 3,
    sources: ["../node_modules/@grpc/grpc-js/build/src/call.js"],
    names: [],
    mappings: "AASA",
  }),
);
writeFileSync(join(dir, "dist", "unmapped.js"), "function get() {}\n");

const chunk = pathToFileURL(join(dir, "dist", "chunk.js")).href;
const unmapped = pathToFileURL(join(dir, "dist", "unmapped.js")).href;
const profile: CpuProfile = {
  nodes: [
    {
      id: 1,
      callFrame: { functionName: "(root)", url: "", lineNumber: -1, columnNumber: -1 },
      children: [2, 3],
    },
    { id: 2, callFrame: { functionName: "write", url: chunk, lineNumber: 0, columnNumber: 0 } },
    { id: 3, callFrame: { functionName: "get", url: unmapped, lineNumber: 0, columnNumber: 0 } },
  ],
  startTime: 0,
  endTime: 200,
  samples: [2, 3],
  timeDeltas: [100, 100],
};

describe("withOriginalSources", () => {
  it("moves a chunk's frame to its original file and line, so its category is the package's", () => {
    const summary = summariseProfile(withOriginalSources(profile));
    const write = summary.functions.find((f) => f.functionName === "write");
    expect(write?.location).toBe("@grpc/grpc-js/build/src/call.js:10");
    expect(write?.category).toBe("transport");
  });

  it("leaves frames without a source map beside them as they were", () => {
    const get = withOriginalSources(profile).nodes.find((n) => n.id === 3);
    expect(get?.callFrame.url).toBe(unmapped);
    expect(get?.callFrame.lineNumber).toBe(0);
  });
});
