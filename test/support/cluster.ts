// In-process clusters of real GossipNodes over gRPC on 127.0.0.1, with short
// intervals, for integration tests and benchmarks.
import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import { FAST_TIMINGS, type GossipTimings } from "../../src/config/gossip-config.js";
import { GossipNode } from "../../src/node/gossip-node.js";
import { silentLogger } from "../../src/observability/logger.js";
import type { TestOrg, TestPeer } from "./identities.js";
import { validatorFor } from "./identities.js";
import { waitFor } from "./wait.js";

export interface ClusterNode {
  node: GossipNode;
  peer: TestPeer;
}

export interface StartNodeOptions {
  bootstrap?: string[];
  timings?: Partial<GossipTimings>;
  trusted?: TestOrg[];
  tracer?: Tracer;
  /** Trace context on the node's gossip streams (W3C). */
  propagator?: TextMapPropagator;
  /** Reuse an identity (a restart); otherwise a new peer of the org. */
  peer?: TestPeer;
  listenAddress?: string;
  externalEndpoint?: string;
}

export class Cluster {
  readonly nodes: ClusterNode[] = [];

  constructor(private readonly org: TestOrg) {}

  async startNode(options: StartNodeOptions = {}): Promise<ClusterNode> {
    const peer = options.peer ?? (await this.org.newPeer());
    const node = new GossipNode({
      signer: peer.signingIdentity,
      validator: validatorFor(...(options.trusted ?? [this.org])),
      listenAddress: options.listenAddress ?? "127.0.0.1:0",
      externalEndpoint: options.externalEndpoint,
      bootstrap: options.bootstrap,
      timings: { ...FAST_TIMINGS, ...options.timings },
      logger: silentLogger(),
      tracer: options.tracer,
      propagator: options.propagator,
    });
    await node.start();
    const member = { node, peer };
    this.nodes.push(member);
    return member;
  }

  /** Starts n nodes, each bootstrapped by bootstrapOf(index, nodes so far). */
  async startMany(
    n: number,
    bootstrapOf: (index: number, started: ClusterNode[]) => string[],
    options: StartNodeOptions = {},
  ): Promise<ClusterNode[]> {
    const started: ClusterNode[] = [];
    for (let i = 0; i < n; i++) {
      started.push(await this.startNode({ ...options, bootstrap: bootstrapOf(i, started) }));
    }
    return started;
  }

  async stopNode(member: ClusterNode): Promise<void> {
    await member.node.stop();
    const i = this.nodes.indexOf(member);
    if (i >= 0) this.nodes.splice(i, 1);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.splice(0).map((m) => m.node.stop()));
  }
}

export function aliveIds(node: GossipNode): string[] {
  return node
    .members()
    .filter((m) => m.state === "alive")
    .map((m) => m.pkiId)
    .sort();
}

export function stateOf(node: GossipNode, pkiId: string): string | undefined {
  return node.members().find((m) => m.pkiId === pkiId)?.state;
}

/** Waits until every node sees every other node alive. */
export async function waitForConvergence(nodes: ClusterNode[], timeoutMs: number): Promise<void> {
  const ids = nodes.map((m) => m.node.self().pkiId);
  await waitFor(
    () =>
      nodes.every((m) => {
        const alive = new Set(aliveIds(m.node));
        return ids.every((id) => id === m.node.self().pkiId || alive.has(id));
      }),
    `${nodes.length} nodes to converge`,
    timeoutMs,
    50,
  );
}
