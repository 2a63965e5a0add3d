// The README's tables are the operator's reference: every setting and every
// metric the code has must be documented there.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../../src/config/index.js";
import { createNodeMetrics } from "../../../src/observability/metrics.js";
import { DROP_REASONS } from "../../../src/protocol/drop-reasons.js";
import { MESSAGE_KINDS } from "../../../src/protocol/messages.js";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("documents every configuration variable", () => {
    const inTable = (name: string) => new RegExp(`^\\|\\s*${name}\\s*\\|`, "m").test(readme);
    const missing = CONFIG_VARIABLES.map((v) => v.env).filter((name) => !inTable(name));
    expect(missing).toEqual([]);
  });

  it("documents every metric the node exports", async () => {
    const metrics = createNodeMetrics();
    const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    const missing = names.filter((name) => !readme.includes(name));
    expect(missing).toEqual([]);
  });

  it("lists every drop reason and message type the dropped-messages counter can carry", () => {
    const row = readme.split("\n").find((line) => line.startsWith("| gossip_messages_dropped_total "));
    const typesRow = readme.split("\n").find((line) => line.startsWith("| gossip_messages_sent_total "));
    const values = (line = "") => new Set(line.replaceAll("\\|", " ").match(/[a-z_]+/g));
    expect(DROP_REASONS.filter((reason) => !values(row).has(reason))).toEqual([]);
    expect(row).toContain("| type, reason=");
    expect(MESSAGE_KINDS.filter((type) => !values(typesRow).has(type))).toEqual([]);
  });

  it("keeps the two quick-start commands", () => {
    expect(readme).toContain("npm ci && npm run demo");
    expect(readme).toContain("npm ci && npm test");
  });
});
