// The four prom-client classes the node uses, loaded from the files that define them. The
// package's index loads and runs all of prom-client at import: Summary (with tdigest),
// the push gateway, default metrics, the cluster aggregator. None of that is used here,
// and every `start` paid for it (bench/RESULTS.md, issue 8 round five). Same classes, same objects: the
// index re-exports these very files. Types: prom-client-files.d.ts.
export { default as Counter } from "prom-client/lib/counter.js";
export { default as Gauge } from "prom-client/lib/gauge.js";
export { default as Histogram } from "prom-client/lib/histogram.js";
export { default as Registry } from "prom-client/lib/registry.js";
