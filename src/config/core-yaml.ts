// Reading a Fabric core.yaml. Only the keys this node uses are looked up; the
// rest of a real peer's file is ignored. Keys match case-insensitively, as with
// Fabric's viper, so "localMspId" and "localmspid" are the same key.
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { ConfigError } from "./errors.js";

export interface CoreYaml {
  /** Absolute path of the file. */
  path: string;
  /** Its directory: relative paths in the file are resolved against it, as Fabric does. */
  dir: string;
  /** Its file name, shown in messages: "peer.gossip.aliveTimeInterval (core.yaml)". */
  name: string;
  root: Record<string, unknown>;
}

/** Reads and parses the file; an unreadable or malformed file is a ConfigError naming it. */
export function readCoreYaml(file: string, cwd: string): CoreYaml {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(err);
    throw new ConfigError({
      reason: "unreadable",
      variable: path,
      expected: "a readable Fabric core.yaml",
      hint: why,
    });
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const hint = first.message.split("\n")[0] ?? first.code;
    throw new ConfigError({ reason: "unreadable", variable: path, expected: "valid YAML", hint });
  }
  const root: unknown = doc.toJS() ?? {};
  if (!isMapping(root)) {
    throw new ConfigError({
      reason: "unreadable",
      variable: path,
      expected: "a YAML mapping with peer: and operations: sections",
    });
  }
  return { path, dir: dirname(path), name: basename(path), root };
}

export type KeyLookup =
  | { kind: "absent" }
  | { kind: "value"; value: unknown }
  /** A section on the way is not a mapping, e.g. `gossip: 5`; `at` is that section's key path. */
  | { kind: "not-a-mapping"; at: string; value: unknown };

/** Finds a dotted key path; null values count as absent (an empty `endpoint:` means unset). */
export function lookupKey(root: Record<string, unknown>, keyPath: string): KeyLookup {
  let node: unknown = root;
  const parts = keyPath.split(".");
  for (const [i, part] of parts.entries()) {
    if (!isMapping(node)) return { kind: "not-a-mapping", at: parts.slice(0, i).join("."), value: node };
    node = getIgnoringCase(node, part);
    if (node === undefined || node === null) return { kind: "absent" };
  }
  return { kind: "value", value: node };
}

function getIgnoringCase(map: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(map, key)) return map[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
