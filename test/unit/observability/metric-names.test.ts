// Every metric a node exposes, checked against the rules of `promtool check metrics`
// (Prometheus' promlint) plus "the unit comes last": counters end in _total, units
// are base units spelled out, snake_case names and labels, help text, no reserved
// suffix or label misused. Fabric's gossip metric names are kept on purpose, so they
// are allowed by name, and only they.
import { describe, expect, it } from "vitest";
import { createNodeMetrics } from "../../../src/observability/metrics.js";

/** Fabric's own names (gossip/metrics/metrics.go): kept so Fabric dashboards work. */
const FABRIC_NAMES = new Set([
  "gossip_comm_messages_sent",
  "gossip_comm_messages_received",
  "gossip_comm_overflow_count",
  "gossip_membership_total_peers_known",
]);

interface Family {
  name: string;
  type: string;
  help: string;
  labels: string[];
}

const BASE_UNITS = [
  "seconds",
  "bytes",
  "meters",
  "metres",
  "grams",
  "amperes",
  "kelvin",
  "celsius",
  "joules",
];
const NON_BASE_UNITS = [
  "minutes",
  "hours",
  "days",
  "bits",
  "inches",
  "miles",
  "pounds",
  "ounces",
  "calories",
];
const PREFIXES = [
  "pico",
  "nano",
  "micro",
  "milli",
  "centi",
  "deci",
  "kilo",
  "kibi",
  "mega",
  "mebi",
  "giga",
  "gibi",
];
const ABBREVIATIONS = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];
const TYPES_IN_NAMES = ["counter", "gauge", "histogram", "summary"];
const SNAKE_CASE = /^[a-z_][a-z0-9_]*$/;

/** What promtool would say about one family, and whether its unit comes last; [] when clean. */
function lint({ name, type, help, labels }: Family): string[] {
  const problems: string[] = [];
  const words = name.split("_");
  const last = words.at(-1) ?? "";
  if (help.trim() === "") problems.push("no help text");
  if (type === "counter" && last !== "total") problems.push('counter metrics should have "_total" suffix');
  if (type !== "counter" && last === "total")
    problems.push('non-counter metrics should not have "_total" suffix');
  if (type !== "histogram" && last === "bucket")
    problems.push('non-histogram metrics should not have "_bucket" suffix');
  if (type !== "histogram" && type !== "summary" && (last === "count" || last === "sum")) {
    problems.push(`non-histogram and non-summary metrics should not have "_${last}" suffix`);
  }
  if (type !== "histogram" && labels.includes("le"))
    problems.push('non-histogram metrics should not have "le" label');
  if (type !== "summary" && labels.includes("quantile"))
    problems.push('non-summary metrics should not have "quantile" label');
  if (name.includes(":")) problems.push("metric names should not contain ':'");
  if (!SNAKE_CASE.test(name)) problems.push("metric names should be written in 'snake_case'");
  for (const label of labels) if (!SNAKE_CASE.test(label)) problems.push(`label ${label} is not snake_case`);
  for (const word of words) {
    if (TYPES_IN_NAMES.includes(word)) problems.push(`metric name should not include type '${word}'`);
    if (ABBREVIATIONS.includes(word)) problems.push("metric names should not contain abbreviated units");
    const unit = [...BASE_UNITS, ...NON_BASE_UNITS].find(
      (u) => word === u || PREFIXES.some((p) => word === p + u),
    );
    if (unit !== undefined && word !== unit) problems.push(`use base unit "${unit}" instead of "${word}"`);
    if (NON_BASE_UNITS.includes(word)) problems.push(`use a base unit instead of "${word}"`);
  }
  const unitAt = words.findIndex((w) => BASE_UNITS.includes(w));
  const unitEnds = type === "counter" ? words.length - 2 : words.length - 1;
  if (unitAt >= 0 && unitAt !== unitEnds) problems.push(`the unit "${words[unitAt]}" should come last`);
  return problems;
}

/** The families of a Prometheus text exposition, with the label names their metrics declare. */
async function familiesOfNode(): Promise<Family[]> {
  const metrics = createNodeMetrics(undefined, { processMetrics: true });
  const text = await metrics.registry.metrics();
  const help = new Map(
    [...text.matchAll(/^# HELP (\S+) ?(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]),
  );
  const labelNames = new Map(
    metrics.registry.getMetricsAsArray().map((m) => {
      const declared = (m as unknown as { labelNames?: string[] }).labelNames ?? [];
      return [(m as unknown as { name: string }).name, declared];
    }),
  );
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name = "", type = ""]) => ({
    name,
    type,
    help: help.get(name) ?? "",
    labels: labelNames.get(name) ?? [],
  }));
}

describe("metric names", () => {
  it("pass promtool's rules, unit last, except Fabric's own names", async () => {
    const families = await familiesOfNode();
    expect(families.length).toBeGreaterThan(15);
    const offenders = families
      .filter((f) => !FABRIC_NAMES.has(f.name))
      .map((f) => ({ name: f.name, problems: lint(f) }))
      .filter((f) => f.problems.length > 0);
    expect(offenders).toEqual([]);
  });

  it("keep Fabric's names, and Fabric's names are what the allow-list lets through", async () => {
    const names = new Set((await familiesOfNode()).map((f) => f.name));
    for (const fabric of FABRIC_NAMES) expect(names).toContain(fabric);
    expect(lint({ name: "gossip_comm_overflow_count", type: "counter", help: "x", labels: [] })).not.toEqual(
      [],
    );
  });

  it.each([
    [{ name: "gossip_message_bytes_sent_total", type: "counter" }, 'the unit "bytes" should come last'],
    [{ name: "gossip_messages_sent", type: "counter" }, 'counter metrics should have "_total" suffix'],
    [{ name: "gossip_peers_total", type: "gauge" }, 'non-counter metrics should not have "_total" suffix'],
    [{ name: "gossip_handshake_duration_ms", type: "histogram" }, "abbreviated units"],
    [{ name: "gossip_handshake_milliseconds", type: "histogram" }, 'use base unit "seconds"'],
    [{ name: "gossip_queue_count", type: "gauge" }, '"_count" suffix'],
    [{ name: "gossip_peersKnown", type: "gauge" }, "snake_case"],
    [{ name: "gossip_connections_gauge", type: "gauge" }, "include type 'gauge'"],
  ])("flag a wrong name: %j", (family, problem) => {
    expect(lint({ help: "help", labels: [], ...family }).join("; ")).toContain(problem);
  });

  it("flag missing help and camelCase or reserved labels", () => {
    expect(lint({ name: "gossip_x_total", type: "counter", help: "", labels: ["peerId", "le"] })).toEqual([
      "no help text",
      'non-histogram metrics should not have "le" label',
      "label peerId is not snake_case",
    ]);
  });
});
