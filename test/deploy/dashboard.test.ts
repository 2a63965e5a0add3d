// The Grafana dashboard against what a real node exports: every metric a panel
// queries exists in /metrics with the labels the query groups by (no dead panels),
// every panel goes through the `datasource` and `instance` variables, and the
// JSON is well-formed for provisioning (unique ids, titles, units, descriptions).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminApp } from "../../src/admin/admin-server.js";
import { FAST_TIMINGS } from "../../src/config/gossip-config.js";
import { GossipNode } from "../../src/node/gossip-node.js";
import { silentLogger } from "../../src/observability/logger.js";
import { createNodeMetrics } from "../../src/observability/metrics.js";
import { makeOrg, validatorFor } from "../support/identities.js";
import { waitFor } from "../support/wait.js";
import { ROOT } from "./deploy-files.js";

interface Target {
  expr: string;
  legendFormat?: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { h: number; w: number; x: number; y: number };
  fieldConfig?: { defaults?: { unit?: string } };
  options?: { yAxis?: { unit?: string } };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
  multi?: boolean;
  includeAll?: boolean;
  datasource?: { uid?: string };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: Variable[] };
  panels: Panel[];
}

const dashboard = JSON.parse(
  readFileSync(join(ROOT, "dashboards", "fabric-gossip-node.json"), "utf8"),
) as Dashboard;
/** Every panel, rows' nested panels included, rows themselves excluded. */
const panels = dashboard.panels.flatMap((p) => (p.type === "row" ? (p.panels ?? []) : [p]));
const targets = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p, target: t })));

const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool"]);
const PROMQL_WORDS_BINARY = new Set(["and", "or", "unless", "offset", "inf", "nan"]);
/** Grafana's reference to the dashboard's `datasource` variable, literally. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's syntax, not a JavaScript template.
const DATASOURCE_VARIABLE = "${datasource}";
/** Labels Prometheus adds at scrape time: not in /metrics, always on the series. */
const TARGET_LABELS = new Set(["instance", "job"]);

interface Selector {
  metric: string;
  matchers: string;
}

/** The metric selectors of a PromQL expression: names with their {matchers} ("" when bare). */
function selectorsOf(expr: string): Selector[] {
  const out: Selector[] = [];
  let rest = expr.replace(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g, (_whole, metric: string, matchers) => {
    out.push({ metric, matchers });
    return " ";
  });
  rest = rest
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, " ");
  for (const match of rest.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call || PROMQL_WORDS.has(name as string) || PROMQL_WORDS_BINARY.has(name as string)) continue;
    out.push({ metric: name as string, matchers: "" });
  }
  return out;
}

/** Labels named in by (...) clauses. */
function groupingLabels(expr: string): string[] {
  return [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) =>
    (m[1] as string)
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

interface Exposition {
  /** Metric family name -> its # TYPE. */
  types: Map<string, string>;
  /** Sample name (with _bucket/_sum/_count) -> label names seen on its samples. */
  labels: Map<string, Set<string>>;
}

function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const labels = new Map<string, Set<string>>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s/.exec(line);
    if (!sample) continue;
    const seen = labels.get(sample[1] as string) ?? new Set<string>();
    for (const m of (sample[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) seen.add(m[1] as string);
    labels.set(sample[1] as string, seen);
  }
  return { types, labels };
}

/** The family a queried name belongs to: itself, or a histogram/summary for its _bucket/_sum/_count. */
function familyOf(name: string, exposition: Exposition): string | undefined {
  if (exposition.types.has(name)) return name;
  const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
  const type = base === undefined ? undefined : exposition.types.get(base);
  if (type === "histogram" || type === "summary") return base;
  return undefined;
}

describe("Grafana dashboard", () => {
  it("is provisioning-ready: uid, schema version, datasource and instance variables", () => {
    expect(dashboard.uid).toBe("fabric-gossip-node");
    expect(dashboard.title).not.toBe("");
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    const datasource = dashboard.templating.list.find((v) => v.name === "datasource");
    expect(datasource).toMatchObject({ type: "datasource", query: "prometheus" });
    const instance = dashboard.templating.list.find((v) => v.name === "instance");
    expect(instance).toMatchObject({ type: "query", multi: true, includeAll: true });
    expect(instance?.datasource?.uid).toBe(DATASOURCE_VARIABLE);
    const query = typeof instance?.query === "string" ? instance.query : instance?.query.query;
    expect(query).toBe("label_values(gossip_membership_peers, instance)");
  });

  it("has unique panel ids, titles, descriptions and units, laid out on the 24-column grid", () => {
    const all = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    const ids = all.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.panels.filter((p) => p.type === "row").length).toBeGreaterThanOrEqual(4);
    for (const panel of panels) {
      expect(panel.title.trim(), `panel ${panel.id}`).not.toBe("");
      expect(panel.description?.trim().length ?? 0, panel.title).toBeGreaterThan(40);
      const unit = panel.type === "heatmap" ? panel.options?.yAxis?.unit : panel.fieldConfig?.defaults?.unit;
      expect(unit, `${panel.title}: unit`).toBeTruthy();
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      expect(panel.targets?.length ?? 0, panel.title).toBeGreaterThan(0);
    }
  });

  it("queries through the datasource variable and filters every selector by $instance", () => {
    for (const { panel, target } of targets) {
      const where = `${panel.title} ${target.refId}`;
      expect(panel.datasource?.uid, where).toBe(DATASOURCE_VARIABLE);
      expect(target.datasource?.uid ?? panel.datasource?.uid, where).toBe(DATASOURCE_VARIABLE);
      const selectors = selectorsOf(target.expr);
      expect(selectors.length, where).toBeGreaterThan(0);
      for (const s of selectors)
        expect(s.matchers, `${where}: ${s.metric}`).toContain('instance=~"$instance"');
    }
  });

  it("sets units that fit the metrics: seconds for durations, bytes for sizes", () => {
    for (const panel of panels) {
      const unit = panel.type === "heatmap" ? panel.options?.yAxis?.unit : panel.fieldConfig?.defaults?.unit;
      const metrics = (panel.targets ?? []).flatMap((t) => selectorsOf(t.expr).map((s) => s.metric));
      if (metrics.every((m) => /_seconds(_bucket)?$/.test(m))) expect(unit, panel.title).toBe("s");
      if (metrics.every((m) => /_bytes$/.test(m))) expect(unit, panel.title).toBe("bytes");
      if (metrics.every((m) => /_bytes_(sent|received)_total$/.test(m)))
        expect(unit, panel.title).toBe("binBps");
    }
  });

  it("reads the PromQL it checks", () => {
    expect(
      selectorsOf(
        'histogram_quantile(0.99, sum by (instance, le) (rate(a_bucket{instance=~"$instance"}[$__rate_interval]))) > 0',
      ),
    ).toEqual([{ metric: "a_bucket", matchers: 'instance=~"$instance"' }]);
    expect(selectorsOf("sum(rate(bare_total[5m])) / 1e3")).toEqual([{ metric: "bare_total", matchers: "" }]);
  });
});

describe("Grafana dashboard against a running node's /metrics", () => {
  let first: GossipNode;
  let second: GossipNode;
  let app: FastifyInstance;
  let exposition: Exposition;

  beforeAll(async () => {
    const org = await makeOrg("Org1MSP");
    const validator = validatorFor(org);
    const options = {
      validator,
      listenAddress: "127.0.0.1:0",
      timings: FAST_TIMINGS,
      logger: silentLogger(),
    };
    first = new GossipNode({ ...options, signer: (await org.newPeer()).signingIdentity });
    await first.start();
    // The node under test joins through the first one, so its handshake and join histograms have samples
    // (and label names) to check, as they do in production.
    second = new GossipNode({
      ...options,
      signer: (await org.newPeer()).signingIdentity,
      bootstrap: [first.address],
      metrics: createNodeMetrics(undefined, { processMetrics: true }),
    });
    await second.start();
    await waitFor(() => second.readiness().ready, "the second node to be acked by the first");
    app = await createAdminApp({
      node: second,
      logger: silentLogger(),
      listenAddress: "127.0.0.1:0",
      version: { version: "0.0.0-test", commitSha: "test" },
    });
    await waitFor(async () => {
      const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
      return /^gossip_handshake_duration_seconds_count\{[^}]*\} [1-9]/m.test(text) && text;
    }, "a handshake to be measured");
    exposition = parseExposition((await app.inject({ method: "GET", url: "/metrics" })).body);
  });

  afterAll(async () => {
    await app?.close();
    await second?.stop();
    await first?.stop();
  });

  it("exports every metric a panel or variable queries (no dead panels)", () => {
    const queried = new Set(targets.flatMap(({ target }) => selectorsOf(target.expr).map((s) => s.metric)));
    queried.add("gossip_membership_peers"); // the instance variable's label_values()
    const missing = [...queried].filter((m) => familyOf(m, exposition) === undefined);
    expect(missing).toEqual([]);
  });

  it("has every label a panel groups by or names in its legend", () => {
    for (const { panel, target } of targets) {
      const where = `${panel.title} ${target.refId}`;
      const available = new Set<string>(TARGET_LABELS);
      for (const { metric } of selectorsOf(target.expr)) {
        const samples = exposition.labels.get(metric);
        expect(samples, `${where}: ${metric} has samples`).toBeDefined();
        for (const label of samples ?? []) available.add(label);
      }
      const grouped = groupingLabels(target.expr);
      for (const label of grouped) expect(available, `${where}: by ${label}`).toContain(label);
      // After aggregation only the grouping labels remain; without one, the series keep theirs.
      const legendCan = grouped.length > 0 ? new Set([...grouped, ...TARGET_LABELS]) : available;
      for (const m of (target.legendFormat ?? "").matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
        expect(legendCan, `${where}: legend {{${m[1]}}}`).toContain(m[1]);
      }
    }
  });

  it("shows every gossip metric the node exports, except Fabric's duplicate names", () => {
    const shown = new Set(
      targets.flatMap(({ target }) =>
        selectorsOf(target.expr).map((s) => familyOf(s.metric, exposition) ?? s.metric),
      ),
    );
    // Fabric's names for what gossip_messages_{sent,received}_total count by type.
    const duplicates = new Set(["gossip_comm_messages_sent", "gossip_comm_messages_received"]);
    const gossip = [...exposition.types.keys()].filter((m) => m.startsWith("gossip_") && !duplicates.has(m));
    expect(gossip.filter((m) => !shown.has(m))).toEqual([]);
  });
});
