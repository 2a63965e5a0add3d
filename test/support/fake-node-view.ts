// A NodeView whose every answer the test sets: the admin API (and anything else
// that reads a node through NodeView) is tested without sockets or gossip.
import type { Registry } from "prom-client";
import type {
  MembershipEvent,
  MemberView,
  NodeView,
  PeerConnectionView,
  Readiness,
  SelfView,
} from "../../src/node/node-view.js";
import { createNodeMetrics } from "../../src/observability/metrics.js";

/** A deterministic 32-byte PKI-ID in hex, distinct per seed. */
export function fakePkiId(seed: number): string {
  return seed.toString(16).padStart(2, "0").repeat(32);
}

export function fakeMember(overrides: Partial<MemberView> = {}): MemberView {
  return {
    pkiId: fakePkiId(1),
    mspId: "Org1MSP",
    endpoint: "peer1.org1.example.com:7051",
    internalEndpoint: undefined,
    state: "alive",
    incNum: "1700000000000000000",
    seqNum: "42",
    lastSeen: Date.UTC(2024, 0, 1, 12, 0, 5),
    stateSince: Date.UTC(2024, 0, 1, 12, 0, 0),
    flaps: 0,
    ...overrides,
  };
}

export function fakePeer(overrides: Partial<PeerConnectionView> = {}): PeerConnectionView {
  return {
    endpoint: "peer1.org1.example.com:7051",
    direction: "outbound",
    bootstrap: true,
    state: "connected",
    pkiId: fakePkiId(1),
    attempts: 1,
    lastError: undefined,
    lastHandshakeAt: Date.UTC(2024, 0, 1, 12, 0, 0),
    pendingNonce: undefined,
    ...overrides,
  };
}

export class FakeNodeView implements NodeView {
  selfView: SelfView = {
    pkiId: fakePkiId(0xaa),
    mspId: "Org1MSP",
    endpoint: "peer0.org1.example.com:7051",
    internalEndpoint: "peer0.org1.example.com:7051",
    incNum: "1700000000000000000",
    seqNum: "7",
    startedAt: Date.UTC(2024, 0, 1, 12, 0, 0),
    version: "0.1.0-test",
    gossipTls: { enabled: true, clientAuthRequired: false },
  };
  memberList: MemberView[] = [];
  peerList: PeerConnectionView[] = [];
  readinessState: Readiness = { ready: true, reasons: [] };
  failedChecks: string[] = [];
  /** How often members() built the whole view. */
  membersCalls = 0;
  /** Endpoints passed to connect(), in order. */
  readonly connectCalls: string[] = [];
  /** When set, connect() throws it (the node refusing an endpoint). */
  connectError: Error | undefined;
  readonly metrics: ReturnType<typeof createNodeMetrics>;
  private readonly listeners = new Set<(event: MembershipEvent) => void>();

  constructor(metrics = createNodeMetrics()) {
    this.metrics = metrics;
  }

  self(): SelfView {
    return this.selfView;
  }
  members(): MemberView[] {
    this.membersCalls++;
    return [...this.memberList];
  }
  member(pkiId: string): MemberView | undefined {
    return this.memberList.find((m) => m.pkiId === pkiId.toLowerCase());
  }
  peers(): PeerConnectionView[] {
    return [...this.peerList];
  }
  connect(endpoint: string): void {
    if (this.connectError) throw this.connectError;
    this.connectCalls.push(endpoint);
  }
  onMembershipEvent(listener: (event: MembershipEvent) => void): () => void {
    // A wrapper per subscription, so one listener subscribed twice counts twice.
    const entry = (event: MembershipEvent) => listener(event);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }
  readiness(): Readiness {
    return this.readinessState;
  }
  failedHealthChecks(): string[] {
    return [...this.failedChecks];
  }
  metricsRegistry(): Registry {
    return this.metrics.registry;
  }

  /** Delivers a membership event to every subscriber, synchronously. */
  emit(event: Partial<MembershipEvent> & Pick<MembershipEvent, "kind">): void {
    const full: MembershipEvent = {
      pkiId: fakePkiId(1),
      endpoint: "peer1.org1.example.com:7051",
      flaps: 0,
      at: Date.now(),
      ...event,
    };
    for (const listener of [...this.listeners]) listener(full);
  }

  /** Open membership-event subscriptions. */
  get subscriberCount(): number {
    return this.listeners.size;
  }
}
