// A bundled CLI runs from dist/cli/chunks/*.js, so a profile's frames name chunks
// instead of grpc-js, protobufjs or our modules. The build writes a source map
// beside each chunk: frames are read back to their original files and lines, and
// the categories of cpuprofile.ts apply to a bundled build as to an unbundled one.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";
import type { CpuProfile } from "./cpuprofile.js";

/** The profile with every frame that a source map covers moved to its original source. */
export function withOriginalSources(profile: CpuProfile): CpuProfile {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) maps.set(url, sourceMapBeside(url));
    return maps.get(url);
  };
  const nodes = profile.nodes.map((node) => {
    const frame = node.callFrame;
    if (frame.lineNumber < 0) return node;
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !("originalSource" in entry)) return node;
    const callFrame = {
      ...frame,
      url: new URL(entry.originalSource, frame.url).href,
      lineNumber: entry.originalLine,
      columnNumber: entry.originalColumn,
    };
    return { ...node, callFrame };
  });
  return { ...profile, nodes };
}

/** The `FILE.map` written next to a file: URL's script, if there is one that parses. */
function sourceMapBeside(url: string): SourceMap | undefined {
  if (!url.startsWith("file://")) return undefined;
  const file = `${fileURLToPath(url)}.map`;
  if (!existsSync(file)) return undefined;
  try {
    return new SourceMap(JSON.parse(readFileSync(file, "utf8")) as SourceMapPayload);
  } catch {
    return undefined;
  }
}
