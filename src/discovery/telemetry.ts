// The DiscoveryObserver discovery runs with: OpenTelemetry spans, the
// connection records behind GET /v1/peers, and prom-client metrics. Span
// names, kinds and attributes are decided here and nowhere else, so moving to
// OpenTelemetry's RPC semantic conventions (CLIENT/SERVER kinds, rpc.*
// attributes) is a change to this file. No global tracer provider or context
// manager is assumed: parents are passed explicitly.
import {
  type Context,
  context,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { NodeMetrics } from "../observability/metrics.js";
import type { AckedSendObserver, AttemptOutcome } from "./acked-send.js";
import type { ConnectionFailure, ConnectionStatus } from "./connections.js";
import type { ConnectObserver, DiscoveryObserver, MembershipRequestObserver } from "./observer.js";

/** A tracer that records nothing, without touching the global OpenTelemetry API. */
export function noopTracer(): Tracer {
  return new ProxyTracerProvider().getTracer("fabric-gossip-node/discovery");
}

export interface TelemetryDeps {
  readonly tracer: Tracer;
  readonly metrics: NodeMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

type ConnectionRecord = { -readonly [K in keyof ConnectionStatus]: ConnectionStatus[K] };

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class TelemetryObserver implements DiscoveryObserver {
  private readonly records = new Map<string, ConnectionRecord>();

  constructor(private readonly deps: TelemetryDeps) {}

  connect(endpoint: string, bootstrap: boolean): ConnectObserver {
    const record: ConnectionRecord = {
      endpoint,
      bootstrap,
      state: "connecting",
      attempts: 0,
      requestAttempts: 0,
      pkiId: undefined,
      lastError: undefined,
      lastHandshakeAt: undefined,
      pendingNonce: undefined,
      startedAt: this.deps.clock.now(),
      connectedAt: undefined,
    };
    this.records.set(endpoint, record);
    return new ConnectTelemetry(this.deps, record);
  }

  membershipRequest(nonce: bigint, sender: { endpoint: string; pkiId: string }): MembershipRequestObserver {
    const span = this.deps.tracer.startSpan(
      "gossip.handle_membership_request",
      {
        attributes: {
          "gossip.nonce": nonce.toString(),
          "gossip.peer.pki_id": sender.pkiId,
          "gossip.peer.endpoint": sender.endpoint,
        },
      },
      context.active(),
    );
    const { logger } = this.deps;
    return {
      dropped(reason, detail) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: detail });
        span.setAttribute("gossip.drop_reason", reason);
      },
      refused(detail) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: detail });
      },
      responded(aliveCount, deadCount) {
        span.setAttributes({ "gossip.alive_count": aliveCount, "gossip.dead_count": deadCount });
      },
      failed(err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        logger.error({ err }, "failed answering a membership request");
      },
      end: () => span.end(),
    };
  }

  connections(): ConnectionStatus[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }
}

/** One connect: a root span with a child per handshake attempt and per membership request. */
class ConnectTelemetry implements ConnectObserver {
  private root: Span | undefined;
  private rootContext: Context = ROOT_CONTEXT;
  private begunAt = 0;

  constructor(
    private readonly deps: TelemetryDeps,
    private readonly record: ConnectionRecord,
  ) {}

  begin(): void {
    this.begunAt = this.deps.clock.now();
    this.root = this.deps.tracer.startSpan(
      "gossip.connect",
      { root: true, attributes: peerAttributes(this.record.endpoint) },
      ROOT_CONTEXT,
    );
    this.rootContext = trace.setSpan(ROOT_CONTEXT, this.root);
  }

  async handshake<T>(attempt: number, identify: () => Promise<T>): Promise<T> {
    this.record.state = "handshaking";
    this.record.attempts = attempt;
    const span = this.deps.tracer.startSpan(
      "gossip.handshake",
      { attributes: { "gossip.attempt": attempt } },
      this.rootContext,
    );
    try {
      return await context.with(trace.setSpan(this.rootContext, span), identify);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      throw err;
    } finally {
      span.end();
    }
  }

  handshakeFailed(attempt: number, failure: ConnectionFailure): void {
    this.record.state = "failed";
    this.record.lastError = { ...failure, at: this.deps.clock.now() };
    this.deps.logger.warn(
      { endpoint: this.record.endpoint, attempt, reason: failure.reason, err: failure.message },
      "could not connect",
    );
  }

  identified(pkiId: string): void {
    this.record.lastHandshakeAt = this.deps.clock.now();
    this.record.pkiId = pkiId;
  }

  awaitingAck(nonce: bigint): AckedSendObserver {
    this.record.state = "awaiting_ack";
    this.record.pendingNonce = nonce.toString();
    return membershipRequestTelemetry(this.deps, nonce, this.rootContext, this.record);
  }

  settled(failure?: ConnectionFailure): void {
    const { record, root } = this;
    const now = this.deps.clock.now();
    record.pendingNonce = undefined;
    if (failure) {
      record.state = "gave_up";
      record.lastError = { ...failure, at: now };
      root?.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      root?.setAttribute("gossip.outcome", failure.reason);
    } else {
      record.state = "connected";
      record.connectedAt = now;
      this.deps.metrics.connectToAckDuration.observe((now - this.begunAt) / 1000);
      this.deps.logger.info({ endpoint: record.endpoint, pkiId: record.pkiId }, "membership request acked");
      root?.setStatus({ code: SpanStatusCode.OK });
      root?.setAttribute("gossip.outcome", "acked");
    }
    root?.end();
  }
}

/** A span per membership request attempt, the retry and outcome counters, and the record's progress. */
export function membershipRequestTelemetry(
  deps: TelemetryDeps,
  nonce: bigint,
  parent: Context,
  record?: ConnectionRecord,
): AckedSendObserver {
  return {
    attempt(attempt) {
      if (record) record.requestAttempts = attempt;
      const span = deps.tracer.startSpan(
        "gossip.membership_request",
        { attributes: { "gossip.nonce": nonce.toString(), "gossip.attempt": attempt } },
        parent,
      );
      return (outcome: AttemptOutcome) => {
        span.setAttribute("gossip.outcome", outcome);
        if (outcome === "timeout") {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: "no membership response within the ack timeout",
          });
          if (record) {
            const message = `no membership response to request ${attempt}`;
            record.lastError = { reason: "ack_timeout", message, at: deps.clock.now() };
          }
        }
        span.end();
      };
    },
    retrying(attempt) {
      deps.metrics.membershipRequestRetries.inc();
      deps.logger.debug({ peer: record?.endpoint, attempt }, "membership request not acked, retrying");
    },
    settled(outcome) {
      deps.metrics.membershipRequests.inc({ outcome });
    },
  };
}

/** Splits "host:port" for the net.peer.* attributes; the port is omitted when absent. */
function peerAttributes(endpoint: string): Record<string, string | number> {
  const colon = endpoint.lastIndexOf(":");
  const port = colon > 0 ? Number(endpoint.slice(colon + 1)) : Number.NaN;
  if (!Number.isInteger(port)) return { "net.peer.name": endpoint, "gossip.endpoint": endpoint };
  return { "net.peer.name": endpoint.slice(0, colon), "net.peer.port": port, "gossip.endpoint": endpoint };
}
