// Comm's observability beside its logic: every event a remote party can
// trigger is counted in full and logged through a rate limit, so a flood
// shows in the metrics without filling the disk with log lines.
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { Direction, NodeMetrics, TrafficCells } from "../observability/metrics.js";
import { RateLimitedLog } from "../observability/rate-limited-log.js";
import type { MessageKind } from "../protocol/messages.js";
import type { Connection } from "./connection.js";
import { type CommError, excerpt } from "./errors.js";
import type { ConnectionRefusalReason, StreamEvent } from "./reasons.js";

export class CommReporter {
  private readonly remoteTriggered: RateLimitedLog;

  constructor(
    private readonly metrics: NodeMetrics,
    private readonly log: Logger,
    clock: Clock,
  ) {
    this.remoteTriggered = new RateLimitedLog({ logger: log, clock });
  }

  /** Says once, at start-up, how the gossip port is protected. */
  transportSecurity(tls: { clientAuthRequired: boolean } | undefined): void {
    this.metrics.tlsEnabled.set(tls ? 1 : 0);
    this.metrics.tlsClientAuthRequired.set(tls?.clientAuthRequired ? 1 : 0);
    if (!tls) {
      this.log.warn(
        "gossip TLS is off: streams are plaintext, and anyone who captures a member's handshake " +
          "(ConnEstablish) can replay it to impersonate that member (set CORE_PEER_TLS_ENABLED)",
      );
    }
  }

  /** A ConnEstablish: counted by type, but not in Fabric's comm counters, which Fabric keeps for gossip traffic. */
  handshakeSent(bytes: number): void {
    count(this.metrics.tallies.traffic.sent.get("conn"), bytes, false);
  }

  handshakeReceived(bytes: number): void {
    count(this.metrics.tallies.traffic.received.get("conn"), bytes, false);
  }

  sent(kind: MessageKind, bytes: number): void {
    count(this.metrics.tallies.traffic.sent.get(kind), bytes, true);
  }

  received(kind: MessageKind, bytes: number): void {
    count(this.metrics.tallies.traffic.received.get(kind), bytes, true);
  }

  overflow(kind: MessageKind): void {
    this.metrics.commOverflow.inc();
    this.metrics.tallies.dropped(kind, "overflow");
  }

  /**
   * Counts every failure; inbound ones are a remote's doing and logged at info
   * through the rate limit, outbound ones at debug (the dialer's caller logs them with context).
   */
  handshakeFailed(direction: Direction, failure: CommError, endpoint: string): void {
    if (failure.reason === "stopped") return;
    const { reason } = failure;
    this.metrics.handshakeFailures.inc({ direction, reason });
    const fields = { direction, endpoint: excerpt(endpoint, 80), err: excerpt(failure.message) };
    if (direction === "inbound") this.remoteTriggered.log("info", reason, fields, "gossip handshake failed");
    else this.log.debug({ ...fields, reason }, "gossip handshake failed");
  }

  connectionRefused(reason: ConnectionRefusalReason, address: string): void {
    this.metrics.inboundConnectionsRefused.inc({ reason });
    this.remoteTriggered.log(
      "info",
      `connection_${reason}`,
      { endpoint: excerpt(address, 80) },
      "inbound gossip connection closed before a handshake",
    );
  }

  inboundConnections(open: number): void {
    this.metrics.inboundConnections.set(open);
  }

  connections(open: number): void {
    this.metrics.openConnections.set(open);
  }

  /** Registration, replacement and close of streams: enough at debug to diagnose a flap from one side. */
  streamEvent(event: StreamEvent, connection: Connection): void {
    this.metrics.commStreams.inc({ event });
    this.log.debug(
      {
        event,
        direction: connection.direction,
        endpoint: connection.endpoint,
        pki_id: connection.remote ? pkiIdHex(connection.remote.pkiId) : undefined,
      },
      `gossip stream ${event}`,
    );
  }
}

function count(cells: TrafficCells | undefined, bytes: number, fabric: boolean): void {
  if (!cells) return;
  cells.messages.add();
  cells.bytes.add(bytes);
  if (fabric) cells.fabric.add();
}
