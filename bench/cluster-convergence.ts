// Real GossipNodes over gRPC on 127.0.0.1, all in this process (one event loop),
// with FAST_TIMINGS: how long a cluster takes until every node sees every other
// alive (star and chain bootstrap, 10 and 30 nodes, median of 3 runs), the
// connect-to-ack latency the nodes record themselves, and what a converged
// cluster costs per node in CPU and messages over a fixed steady-state window.
// 30 FAST nodes need more than the one core an event loop has, so 30 nodes are
// also run with every FAST duration multiplied by SLOW_FACTOR; a run that does not
// converge within its bound is reported with the state it reached, not retried.
import { performance } from "node:perf_hooks";
import { FAST_TIMINGS, type GossipTimings } from "../src/config/gossip-config.js";
import type { NodeMetrics } from "../src/observability/metrics.js";
import { aliveIds, Cluster, type ClusterNode } from "../test/support/cluster.js";
import type { TestPeer } from "../test/support/identities.js";
import type { BenchCase, Benchmark, Measurement, Result } from "./harness.js";
import { formatMs, median, pause } from "./harness.js";
import { benchOrg } from "./identities.js";

type Topology = "star" | "chain";

/** A timing profile: FAST_TIMINGS with every duration multiplied by `factor`. */
interface Profile {
  readonly label: string;
  readonly factor: number;
}

const FAST: Profile = { label: "FAST", factor: 1 };
const SLOW_FACTOR = 5;
const FAST_X5: Profile = { label: `FAST×${SLOW_FACTOR}`, factor: SLOW_FACTOR };

const DURATIONS = [
  "aliveTimeInterval",
  "aliveExpirationTimeout",
  "reconnectInterval",
  "membershipAckTimeout",
  "publishCertPeriod",
  "pullInterval",
  "pullDigestWait",
  "pullRequestWait",
  "pullResponseWait",
  "dialTimeout",
  "connTimeout",
] as const satisfies readonly (keyof GossipTimings)[];

function timingsOf(profile: Profile): GossipTimings {
  const timings: GossipTimings = { ...FAST_TIMINGS };
  for (const key of DURATIONS) timings[key] = FAST_TIMINGS[key] * profile.factor;
  return timings;
}

const RUNS = 3;
/** Longest wait for a cluster to converge. */
const CONVERGE_TIMEOUT_MS = 120_000;
/** Longest wait for a cluster to stop. */
const STOP_TIMEOUT_MS = 30_000;
/** Convergence is polled this often: the resolution of the convergence times. */
const POLL_MS = 10;
/** After convergence, before the window: certificates stop riding in alive messages, the first pulls finish. */
const SETTLE_MS = 3_000;
const WINDOW_MS = 10_000;

const peers: TestPeer[] = [];
/** Peer identities (with TLS certificates), issued once and reused by every run. */
async function clusterPeers(n: number): Promise<TestPeer[]> {
  const org = await benchOrg();
  while (peers.length < n) peers.push(await org.newPeer(`gossip-bench${peers.length}.${org.domain}`));
  return peers.slice(0, n);
}

function bootstrapOf(topology: Topology, index: number, started: readonly ClusterNode[]): string[] {
  if (index === 0) return [];
  const target = topology === "star" ? started[0] : started[index - 1];
  return target ? [target.node.address] : [];
}

function converged(nodes: readonly ClusterNode[]): boolean {
  const ids = nodes.map((m) => m.node.self().pkiId);
  return nodes.every((m) => {
    const alive = new Set(aliveIds(m.node));
    const self = m.node.self().pkiId;
    return ids.every((id) => id === self || alive.has(id));
  });
}

async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface RunningCluster {
  readonly cluster: Cluster;
  readonly nodes: ClusterNode[];
  /** From the first start() call to convergence. */
  readonly convergeMs: number;
  /** From the last node's start() resolving to convergence. */
  readonly afterLastStartMs: number;
}

/** Why a cluster did not converge within the bound: what it had reached by then. */
class NotConverged extends Error {
  override readonly name = "NotConverged";
}

async function dropsByReason(nodes: readonly ClusterNode[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const m of nodes) {
    for (const v of (await m.node.metrics.messagesDropped.get()).values) {
      const reason = String(v.labels.reason);
      totals.set(reason, (totals.get(reason) ?? 0) + v.value);
    }
  }
  return totals;
}

async function describeStuck(nodes: readonly ClusterNode[], elu: number): Promise<string> {
  const views = nodes.map((m) => aliveIds(m.node).length).sort((a, b) => a - b);
  const drops = [...(await dropsByReason(nodes)).entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  return `alive members seen per node at the deadline: min ${views[0]}, median ${median(views)}, max ${views.at(-1)} of ${nodes.length - 1}; event loop busy ${(elu * 100).toFixed(0)}% of the wait; drops: ${drops || "none"}`;
}

/** Starts n nodes one after the other and waits (bounded) until they converge; stops them on failure. */
async function startConverged(n: number, topology: Topology, profile: Profile): Promise<RunningCluster> {
  const org = await benchOrg();
  const identities = await clusterPeers(n);
  const timings = timingsOf(profile);
  const cluster = new Cluster(org);
  try {
    const nodes: ClusterNode[] = [];
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    for (const [i, peer] of identities.entries()) {
      nodes.push(await cluster.startNode({ peer, timings, bootstrap: bootstrapOf(topology, i, nodes) }));
    }
    const tLast = performance.now();
    const deadline = t0 + CONVERGE_TIMEOUT_MS;
    // Each poll pauses at least POLL_MS, so the count bound never cuts the time bound short.
    const maxPolls = Math.ceil(CONVERGE_TIMEOUT_MS / POLL_MS);
    for (let polls = 0; !converged(nodes); polls++) {
      if (performance.now() > deadline || polls >= maxPolls) {
        const elu = performance.eventLoopUtilization(elu0).utilization;
        throw new NotConverged(
          `not converged within ${CONVERGE_TIMEOUT_MS / 1000} s: ${await describeStuck(nodes, elu)}`,
        );
      }
      await pause(POLL_MS);
    }
    const t1 = performance.now();
    return { cluster, nodes, convergeMs: t1 - t0, afterLastStartMs: t1 - tLast };
  } catch (err) {
    await within(cluster.stopAll(), STOP_TIMEOUT_MS, "stopping the cluster");
    throw err;
  }
}

/** Sum and count of a histogram without labels. */
async function histogramTotals(
  h: NodeMetrics["connectToAckDuration"],
): Promise<{ sum: number; count: number }> {
  const { values } = await h.get();
  const pick = (suffix: string) => values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  return { sum: pick("_sum"), count: pick("_count") };
}

/** Messages sent by a node, by type. */
async function sentByType(metrics: NodeMetrics): Promise<Map<string, number>> {
  const { values } = await metrics.messagesSent.get();
  return new Map(values.map((v) => [String(v.labels.type), v.value]));
}

function convergenceCase(n: number, topology: Topology, profile: Profile): BenchCase {
  const name = `converge ${topology} n=${n} ${profile.label}`;
  return {
    name,
    async run(): Promise<Result[]> {
      const totals: number[] = [];
      const afterLast: number[] = [];
      let ackSum = 0;
      let ackCount = 0;
      for (let run = 0; run < RUNS; run++) {
        let running: RunningCluster;
        try {
          running = await startConverged(n, topology, profile);
        } catch (err) {
          if (!(err instanceof NotConverged)) throw err;
          // A cluster that cannot converge will not on a second try; say what it reached.
          return [
            {
              kind: "measurement",
              name: `${name}: time to converge`,
              value: `not converged in ${CONVERGE_TIMEOUT_MS / 1000} s`,
              detail: `run ${run + 1} of ${RUNS}, not repeated; ${err.message.replace(/^[^:]*: /, "")}`,
            },
          ];
        }
        try {
          totals.push(running.convergeMs);
          afterLast.push(running.afterLastStartMs);
          for (const m of running.nodes) {
            const { sum, count } = await histogramTotals(m.node.metrics.connectToAckDuration);
            ackSum += sum;
            ackCount += count;
          }
        } finally {
          await within(running.cluster.stopAll(), STOP_TIMEOUT_MS, "stopping the cluster");
        }
      }
      const list = (values: number[]) => values.map((v) => formatMs(v)).join(", ");
      const convergence: Measurement = {
        kind: "measurement",
        name: `${name}: time to converge`,
        value: formatMs(median(totals)),
        detail: `median of ${RUNS}, first start() to all-see-all (${list(totals)}); after the last node started: median ${formatMs(median(afterLast))} (${list(afterLast)})`,
      };
      const ack: Measurement = {
        kind: "measurement",
        name: `${name}: connect→ack mean`,
        value: ackCount > 0 ? formatMs((ackSum / ackCount) * 1000) : "–",
        detail: `gossip_connect_to_ack_duration_seconds sum/count over ${RUNS} runs (${ackCount} acked connects)`,
      };
      return [convergence, ack];
    },
  };
}

function steadyStateCase(n: number, profile: Profile): BenchCase {
  const name = `steady state n=${n} ${profile.label}`;
  return {
    name,
    async run(): Promise<Result[]> {
      const running = await startConverged(n, "star", profile);
      const timings = timingsOf(profile);
      try {
        await pause(SETTLE_MS);
        const metrics = running.nodes.map((m) => m.node.metrics);
        const before = await Promise.all(metrics.map(sentByType));
        const cpuStart = process.cpuUsage();
        const elu0 = performance.eventLoopUtilization();
        const t0 = performance.now();
        await pause(WINDOW_MS);
        const cpu = process.cpuUsage(cpuStart);
        const elu = performance.eventLoopUtilization(elu0).utilization;
        const seconds = (performance.now() - t0) / 1000;
        const after = await Promise.all(metrics.map(sentByType));
        const stillConverged = converged(running.nodes);

        const byType = new Map<string, number>();
        after.forEach((counts, i) => {
          for (const [type, value] of counts) {
            const delta = value - (before[i]?.get(type) ?? 0);
            byType.set(type, (byType.get(type) ?? 0) + delta);
          }
        });
        const total = [...byType.values()].reduce((a, b) => a + b, 0);
        const perNode = (count: number) => count / seconds / n;
        const breakdown = [...byType.entries()]
          .filter(([, count]) => count > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([type, count]) => `${type} ${perNode(count).toFixed(1)}`)
          .join(", ");
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        const intervals = `alive every ${timings.aliveTimeInterval} ms, pull every ${timings.pullInterval} ms`;
        return [
          {
            kind: "measurement",
            name: `${name}: CPU per node`,
            value: `${((cpuSeconds / seconds / n) * 100).toFixed(2)}% of a core`,
            detail: `process.cpuUsage (user ${(cpu.user / 1e6).toFixed(2)} s + system ${(cpu.system / 1e6).toFixed(2)} s) over a ${seconds.toFixed(1)} s window / ${n} nodes; event loop busy ${(elu * 100).toFixed(0)}%; star, converged, ${intervals}${stillConverged ? "" : "; WARNING: no longer converged at the end"}`,
          },
          {
            kind: "measurement",
            name: `${name}: messages sent per node`,
            value: `${perNode(total).toFixed(1)} msg/s`,
            detail: `gossip_messages_sent_total delta / window / nodes; by type: ${breakdown}`,
          },
        ];
      } finally {
        await within(running.cluster.stopAll(), STOP_TIMEOUT_MS, "stopping the cluster");
      }
    },
  };
}

export const clusterConvergenceBenchmark: Benchmark = {
  name: "cluster",
  cases: [
    convergenceCase(10, "star", FAST),
    convergenceCase(10, "chain", FAST),
    convergenceCase(30, "star", FAST),
    convergenceCase(30, "chain", FAST),
    convergenceCase(30, "star", FAST_X5),
    convergenceCase(30, "chain", FAST_X5),
    steadyStateCase(10, FAST),
    steadyStateCase(10, FAST_X5),
    steadyStateCase(30, FAST_X5),
  ],
};
