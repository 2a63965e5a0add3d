// Summarises a V8 .cpuprofile (node --cpu-prof) into the functions with the
// most self time, each with its file:line and a category (transport, crypto,
// protobuf, ours, GC, idle, ...), optionally within a time window. Timestamps in
// a profile come from the same monotonic clock as process.hrtime, so a window
// recorded by another process on the same machine lines up with the samples.
import { median } from "./harness.js";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  /** 0-based, -1 when unknown. */
  readonly lineNumber: number;
  readonly columnNumber: number;
}

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: CallFrame;
    readonly children?: readonly number[];
  }[];
  /** Microseconds, monotonic clock. */
  readonly startTime: number;
  readonly endTime: number;
  /** Node id of each sample. */
  readonly samples: readonly number[];
  /** Microseconds from the previous sample (the first from startTime). */
  readonly timeDeltas: readonly number[];
}

interface FunctionSelfTime {
  readonly functionName: string;
  /** file:line (1-based), shortened to the package or project path. */
  readonly location: string;
  readonly category: string;
  readonly selfUs: number;
  /** Of all sampled time in the window, idle included. */
  readonly percent: number;
}

interface ProfileSummary {
  readonly totalUs: number;
  readonly functions: readonly FunctionSelfTime[];
  /** Self time per category, largest first. */
  readonly categories: readonly {
    readonly category: string;
    readonly selfUs: number;
    readonly percent: number;
  }[];
}

/** Categories by URL, first match wins; checked after the pseudo-frames such as (idle). */
const CATEGORY_BY_URL: readonly (readonly [string, RegExp])[] = [
  [
    "transport",
    /@grpc\/grpc-js|^node:(internal\/)?(http2|net|tls|_tls|stream_base_commons|dns)|^node:internal\/(streams|http2)\//,
  ],
  ["crypto", /^node:(internal\/)?crypto|@peculiar|asn1js|pvtsutils/],
  ["protobuf", /protobufjs|\/protocol\/generated\/|\/node_modules\/long\//],
  ["metrics", /prom-client|tdigest|bintrees/],
  ["logging", /\/pino|sonic-boom|thread-stream|fast-redact/],
  ["tracing", /@opentelemetry/],
  ["admin http", /fastify|find-my-way|light-my-request|avvio/],
  ["node core", /^node:/],
  ["other packages", /node_modules/],
  ["ours", /\/(dist|src)\//],
];

const PSEUDO_FRAMES: Readonly<Record<string, string>> = {
  "(idle)": "idle",
  "(garbage collector)": "GC",
  "(program)": "V8 / native (program)",
  "(root)": "V8 / native (program)",
};

const NATIVE = "native / builtin";

export function categoryOf(frame: CallFrame): string {
  const pseudo = PSEUDO_FRAMES[frame.functionName];
  if (pseudo !== undefined && frame.url === "") return pseudo;
  if (frame.url === "") return NATIVE;
  return CATEGORY_BY_URL.find(([, pattern]) => pattern.test(frame.url))?.[0] ?? "other";
}

/**
 * Category of every node. A native frame (no script) takes its nearest caller's category, so
 * OpenSSL's `run` under a signature check counts as crypto and `writev` under a stream as transport;
 * one with no JavaScript caller stays native / builtin.
 */
function nodeCategories(profile: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const categories = new Map<number, string>();
  for (const { id } of profile.nodes) {
    const chain: number[] = [];
    let category = NATIVE;
    // Walks up through native frames only; the chain is bounded by the tree's depth.
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const known = categories.get(at);
      if (known !== undefined) {
        category = known;
        break;
      }
      const frame = frames.get(at);
      if (!frame || frame.functionName === "(root)") break;
      chain.push(at);
      const own = categoryOf(frame);
      if (own !== NATIVE) {
        category = own;
        break;
      }
    }
    for (const node of chain) categories.set(node, category);
  }
  return categories;
}

/** A URL cut to what identifies it: node_modules/PKG/..., or the path from dist/ or src/. */
function shortLocation(frame: CallFrame): string {
  if (frame.url === "") return "";
  const url = frame.url.replace(/^file:\/\//, "");
  const packaged = url.lastIndexOf("node_modules/");
  const ours = url.search(/\/(dist|src)\//);
  const short = packaged >= 0 ? url.slice(packaged + 13) : ours >= 0 ? url.slice(ours + 1) : url;
  return frame.lineNumber >= 0 ? `${short}:${frame.lineNumber + 1}` : short;
}

/**
 * Self time per function (frames of the same function on different stacks are added up).
 * Every sample counts for the profile's median sampling interval, not for the gap to the next
 * sample: on a saturated machine the whole process (sampler included) is sometimes not scheduled
 * for tens of milliseconds, and that gap is no function's time.
 */
export function summariseProfile(
  profile: CpuProfile,
  window: { fromUs?: number; toUs?: number } = {},
): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const categoryOfNode = nodeCategories(profile);
  const byFunction = new Map<string, { frame: CallFrame; category: string; selfUs: number }>();
  const intervalUs = median(profile.timeDeltas.filter((d) => d > 0));
  let at = profile.startTime;
  let totalUs = 0;
  profile.samples.forEach((nodeId, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < (window.fromUs ?? -Infinity) || at > (window.toUs ?? Infinity)) return;
    const frame = frames.get(nodeId);
    if (!frame) return;
    const duration = Number.isFinite(intervalUs) ? intervalUs : 0;
    const category = categoryOfNode.get(nodeId) ?? categoryOf(frame);
    const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}\u0000${category}`;
    const entry = byFunction.get(key) ?? { frame, category, selfUs: 0 };
    entry.selfUs += duration;
    byFunction.set(key, entry);
    totalUs += duration;
  });
  const percent = (us: number) => (totalUs > 0 ? (us / totalUs) * 100 : 0);
  const functions = [...byFunction.values()]
    .map(({ frame, category, selfUs }) => ({
      functionName: frame.functionName || "(anonymous)",
      location: shortLocation(frame),
      category,
      selfUs,
      percent: percent(selfUs),
    }))
    .sort((a, b) => b.selfUs - a.selfUs);
  const categoryTotals = new Map<string, number>();
  for (const f of functions) categoryTotals.set(f.category, (categoryTotals.get(f.category) ?? 0) + f.selfUs);
  const categories = [...categoryTotals]
    .map(([category, selfUs]) => ({ category, selfUs, percent: percent(selfUs) }))
    .sort((a, b) => b.selfUs - a.selfUs);
  return { totalUs, functions, categories };
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

/** Markdown: the top functions by self time, then the categories; shares of all sampled time and of the busy (not idle) time. */
export function profileTable(summary: ProfileSummary, top: number): string {
  const busyUs = summary.categories.filter((c) => c.category !== "idle").reduce((a, c) => a + c.selfUs, 0);
  const ofBusy = (us: number, category: string) =>
    category === "idle" || busyUs === 0 ? "–" : `${((us / busyUs) * 100).toFixed(1)} %`;
  return [
    `sampled ${ms(summary.totalUs)}, of which not idle ${ms(busyUs)}`,
    "",
    "| # | self time | % of sampled | % of busy | function | location | category |",
    "| ---: | ---: | ---: | ---: | --- | --- | --- |",
    ...summary.functions
      .slice(0, top)
      .map(
        (f, i) =>
          `| ${i + 1} | ${ms(f.selfUs)} | ${f.percent.toFixed(1)} % | ${ofBusy(f.selfUs, f.category)} | ${f.functionName} | ${f.location || "–"} | ${f.category} |`,
      ),
    "",
    "| category | self time | % of sampled | % of busy |",
    "| --- | ---: | ---: | ---: |",
    ...summary.categories.map(
      (c) =>
        `| ${c.category} | ${ms(c.selfUs)} | ${c.percent.toFixed(1)} % | ${ofBusy(c.selfUs, c.category)} |`,
    ),
  ].join("\n");
}
