// The operator-facing files must list every setting the loader reads.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_VARIABLES } from "../../../src/config/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("documentation", () => {
  it(".env.example lists every variable", () => {
    const text = readFileSync(join(root, ".env.example"), "utf8");
    for (const v of CONFIG_VARIABLES) expect(text).toMatch(new RegExp(`^#${v.env}=`, "m"));
    for (const otel of [
      "OTEL_SERVICE_NAME",
      "OTEL_TRACES_EXPORTER",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_EXPORTER_OTLP_PROTOCOL",
    ]) {
      expect(text).toMatch(new RegExp(`^#${otel}=`, "m"));
    }
  });

  it("examples/core.yaml holds every core.yaml key", () => {
    const doc: unknown = parse(readFileSync(join(root, "examples/core.yaml"), "utf8"));
    for (const v of CONFIG_VARIABLES) {
      if (v.key === undefined) continue;
      expect(hasKey(doc, v.key), v.key).toBe(true);
    }
  });
});

/** True when the dotted key is present, even with an empty value (empty means the default). */
function hasKey(doc: unknown, keyPath: string): boolean {
  let node = doc;
  for (const part of keyPath.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}
