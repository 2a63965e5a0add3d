// One typed metrics object per node, over the node's own prom-client Registry:
// many nodes share a process without sharing counters. Label values are from
// closed sets only (message kinds, reasons, outcomes), never a PKI-ID or endpoint.
import type { LabelValues } from "prom-client";
import { TimerLateness } from "../clock/timer-lateness.js";
import { CONNECTION_REFUSAL_REASONS, HANDSHAKE_FAILURE_REASONS, STREAM_EVENTS } from "../comm/reasons.js";
import { ACKED_SEND_OUTCOMES } from "../discovery/acked-send.js";
import { MEMBERSHIP_EVENT_KINDS } from "../discovery/events.js";
import { DROP_REASONS, type DropReason } from "../protocol/drop-reasons.js";
import { MESSAGE_KINDS, type MessageKind } from "../protocol/messages.js";
import { collectProcessMetrics } from "./process-metrics.js";
import { Counter, Gauge, Histogram, Registry } from "./prom-client.js";

/** One label set's count, added to per message as a plain number. */
export interface TallyCell {
  add(value?: number): void;
}

class Cell<L extends string> implements TallyCell {
  pending = 0;
  constructor(readonly labels: LabelValues<L>) {}
  add(value = 1): void {
    this.pending += value;
  }
}

/**
 * Per-message counts kept as plain numbers and handed to the prom-client counter
 * only when it is read (a scrape, get()): prom-client hashes and validates the
 * label object on every inc, which per message costs more than the counting.
 */
class Tally<L extends string> {
  private readonly cells: Cell<L>[] = [];
  private counter: Counter<L> | undefined;

  /** The counter this tally feeds, created with `collect: () => tally.flush()`. */
  feeds(counter: Counter<L>): Counter<L> {
    this.counter = counter;
    return counter;
  }

  /** A cell for one label set: resolve it once, add to it per message. */
  cell(labels: LabelValues<L>): TallyCell {
    const cell = new Cell(labels);
    this.cells.push(cell);
    return cell;
  }

  flush(): void {
    for (const cell of this.cells) {
      if (cell.pending === 0) continue;
      this.counter?.inc(cell.labels, cell.pending);
      cell.pending = 0;
    }
  }
}

/** A counter whose per-message increments go through a tally; `tally.cell(labels)` for the hot path. */
function talliedCounter<L extends string>(
  config: ConstructorParameters<typeof Counter<L>>[0],
): { counter: Counter<L>; tally: Tally<L> } {
  const tally = new Tally<L>();
  const counter = tally.feeds(new Counter<L>({ ...config, collect: () => tally.flush() }));
  return { counter, tally };
}

export type Direction = "inbound" | "outbound";

export interface NodeMetricsOptions {
  /** Process-wide CPU, memory and event-loop metrics; only the service process wants them. */
  processMetrics?: boolean;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a declarative table of metrics, one entry each
export function createNodeMetrics(registry = new Registry(), options: NodeMetricsOptions = {}) {
  const timerLateness = new TimerLateness();
  if (options.processMetrics) collectProcessMetrics(registry, timerLateness);
  const registers = [registry];
  const traffic = trafficCounters(registers);
  const dropped = talliedCounter({
    name: "gossip_messages_dropped_total",
    help: "Messages dropped, by message type and reason.",
    labelNames: ["type", "reason"] as const,
    registers,
  });

  const metrics = {
    registry,
    /** Where the node's SystemClock reports how late its periodic tasks ran (the event-loop lag gauges). */
    timerLateness,

    // Fabric's own names, kept so existing Fabric dashboards work.
    commMessagesSent: traffic.sent.fabric.counter,
    commMessagesReceived: traffic.received.fabric.counter,
    commOverflow: new Counter({
      name: "gossip_comm_overflow_count",
      help: "Outgoing messages dropped because a connection's send buffer was full (Fabric's name).",
      registers,
    }),
    totalPeersKnown: new Gauge({
      name: "gossip_membership_total_peers_known",
      help: "Alive members in this node's view (Fabric's name; no channels here).",
      registers,
    }),

    membershipPeers: new Gauge({
      name: "gossip_membership_peers",
      help: "Members in this node's view, by state.",
      labelNames: ["state"] as const,
      registers,
    }),
    membershipEvents: new Counter({
      name: "gossip_membership_events_total",
      help: "Membership changes, by kind.",
      labelNames: ["kind"] as const,
      registers,
    }),
    membershipFlaps: new Counter({
      name: "gossip_membership_flaps_total",
      help: "Members that came back alive after having been alive and declared dead (alive -> dead -> alive).",
      registers,
    }),

    localStalls: new Counter({
      name: "gossip_local_stalls_total",
      help: "Times this node found itself stalled (GC pause, VM freeze) and gave its members a fresh grace period.",
      registers,
    }),

    handshakeAttempts: new Counter({
      name: "gossip_handshake_attempts_total",
      help: "Handshakes started, by direction.",
      labelNames: ["direction"] as const,
      registers,
    }),
    handshakeFailures: new Counter({
      name: "gossip_handshake_failures_total",
      help: "Handshakes that failed, by direction and reason.",
      labelNames: ["direction", "reason"] as const,
      registers,
    }),
    handshakeDuration: new Histogram({
      name: "gossip_handshake_duration_seconds",
      help: "Time from stream open to a verified remote ConnEstablish.",
      labelNames: ["direction"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),

    membershipRequests: new Counter({
      name: "gossip_membership_requests_total",
      help: "Acked sends of membership requests (sendUntilAcked), by outcome.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    membershipRequestRetries: new Counter({
      name: "gossip_membership_request_retries_total",
      help: "Membership requests sent again because no response acked the previous one.",
      registers,
    }),
    connectToAckDuration: new Histogram({
      name: "gossip_connect_to_ack_duration_seconds",
      help: "Time from the start of a connect to the response that acked its membership request.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),

    messagesSent: traffic.sent.messages.counter,
    messagesReceived: traffic.received.messages.counter,
    bytesSent: traffic.sent.bytes.counter,
    bytesReceived: traffic.received.bytes.counter,
    messagesDropped: dropped.counter,
    /** Per-message counting of traffic and drops (see Tally), resolved once per type. */
    tallies: { traffic: trafficCells(traffic), dropped: dropCells(dropped.tally) },
    openConnections: new Gauge({
      name: "gossip_comm_connections",
      help: "Open gossip connections (handshaked streams).",
      registers,
    }),
    commStreams: new Counter({
      name: "gossip_comm_streams_total",
      help: "Handshaked streams registered, replaced by a newer one, dropped by the tie-break, or closed.",
      labelNames: ["event"] as const,
      registers,
    }),
    inboundConnections: new Gauge({
      name: "gossip_comm_inbound_connections",
      help: "Open inbound TCP connections to the gossip port, handshaked or not.",
      registers,
    }),
    inboundConnectionsRefused: new Counter({
      name: "gossip_comm_inbound_connections_refused_total",
      help: "Inbound TCP connections closed before a handshake: over a cap, or past the handshake deadline.",
      labelNames: ["reason"] as const,
      registers,
    }),
    tlsEnabled: new Gauge({
      name: "gossip_comm_tls_enabled",
      help: "1 when gossip runs over TLS; 0 in plaintext, where a captured handshake can be replayed.",
      registers,
    }),
    tlsClientAuthRequired: new Gauge({
      name: "gossip_comm_tls_client_auth_required",
      help: "1 when the gossip server requires client certificates (mutual TLS).",
      registers,
    }),
  };

  // Pre-register every label value so dashboards see zeros, not gaps.
  for (const state of ["alive", "dead"]) metrics.membershipPeers.set({ state }, 0);
  for (const kind of MEMBERSHIP_EVENT_KINDS) metrics.membershipEvents.inc({ kind }, 0);
  for (const outcome of ACKED_SEND_OUTCOMES) metrics.membershipRequests.inc({ outcome }, 0);
  for (const type of MESSAGE_KINDS) {
    metrics.messagesSent.inc({ type }, 0);
    metrics.messagesReceived.inc({ type }, 0);
    for (const reason of DROP_REASONS) metrics.messagesDropped.inc({ type, reason }, 0);
  }
  for (const event of STREAM_EVENTS) metrics.commStreams.inc({ event }, 0);
  for (const reason of CONNECTION_REFUSAL_REASONS) metrics.inboundConnectionsRefused.inc({ reason }, 0);
  for (const direction of ["inbound", "outbound"] as const) {
    metrics.handshakeAttempts.inc({ direction }, 0);
    for (const reason of HANDSHAKE_FAILURE_REASONS) metrics.handshakeFailures.inc({ direction, reason }, 0);
  }
  return metrics;
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;

function trafficCounters(registers: Registry[]) {
  const direction = (verb: "sent" | "received") => ({
    // Fabric's own names, kept so existing Fabric dashboards work.
    fabric: talliedCounter({
      name: `gossip_comm_messages_${verb}`,
      help: `Messages ${verb} (Fabric's name).`,
      registers,
    }),
    messages: talliedCounter({
      name: `gossip_messages_${verb}_total`,
      help: `Messages ${verb}, by type.`,
      labelNames: ["type"] as const,
      registers,
    }),
    bytes: talliedCounter({
      name: `gossip_messages_${verb}_bytes_total`,
      help: `Envelope bytes ${verb}, by message type.`,
      labelNames: ["type"] as const,
      registers,
    }),
  });
  return { sent: direction("sent"), received: direction("received") };
}

/** What one message of a type moves: its by-type message and byte counts, and Fabric's total. */
export interface TrafficCells {
  readonly messages: TallyCell;
  readonly bytes: TallyCell;
  readonly fabric: TallyCell;
}

function trafficCells(traffic: ReturnType<typeof trafficCounters>) {
  const cells = (verb: "sent" | "received") => {
    const { fabric, messages, bytes } = traffic[verb];
    const total = fabric.tally.cell({});
    return new Map<MessageKind, TrafficCells>(
      MESSAGE_KINDS.map((type) => [
        type,
        { messages: messages.tally.cell({ type }), bytes: bytes.tally.cell({ type }), fabric: total },
      ]),
    );
  };
  return { sent: cells("sent"), received: cells("received") };
}

/** A cell per (type, reason), all made up front: both sets are closed. */
function dropCells(tally: Tally<"type" | "reason">): (type: MessageKind, reason: DropReason) => void {
  const byType = new Map<MessageKind, Map<DropReason, TallyCell>>(
    MESSAGE_KINDS.map((type) => [
      type,
      new Map(DROP_REASONS.map((reason) => [reason, tally.cell({ type, reason })])),
    ]),
  );
  return (type, reason) => byType.get(type)?.get(reason)?.add();
}
