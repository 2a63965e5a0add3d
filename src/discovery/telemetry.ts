// The DiscoveryObserver discovery runs with: OpenTelemetry spans, the
// connection records behind GET /v1/peers, and prom-client metrics. Span
// names, kinds and attributes are decided here and nowhere else. Spans follow
// OpenTelemetry's RPC conventions for gRPC: CLIENT spans where this node dials
// (connect, handshake, membership request), SERVER spans where it answers
// (inbound handshake, handling a join's membership request), rpc.* with
// server.* or network.peer.* attributes. Every root span ends with its
// attempt; periodic sync is not traced. W3C trace context crosses the gossip
// stream's metadata through the propagator the tracing setup gives, so the
// responder's SERVER spans join the dialer's trace. No global tracer provider
// or context manager is assumed: parents are passed explicitly.
import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Link,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { InboundHandshakeObserver } from "../comm/grpc-comm.js";
import type { TraceCarrier } from "../comm/trace-context.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { NodeMetrics } from "../observability/metrics.js";
import type { AckedSendObserver, AttemptOutcome } from "./acked-send.js";
import type { ConnectionFailure, ConnectionStatus } from "./connections.js";
import type {
  ConnectObserver,
  DiscoveryObserver,
  MembershipRequestObserver,
  MembershipRequestSender,
} from "./observer.js";

/** A tracer that records nothing, without touching the global OpenTelemetry API. */
export function noopTracer(): Tracer {
  return new ProxyTracerProvider().getTracer("fabric-gossip-node/discovery");
}

/** What spans need: a tracer, and the propagator for the gossip stream's metadata (none: nothing crosses). */
export interface TracingDeps {
  readonly tracer: Tracer;
  readonly propagator?: TextMapPropagator;
}

export interface TelemetryDeps extends TracingDeps {
  readonly metrics: NodeMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

type ConnectionRecord = { -readonly [K in keyof ConnectionStatus]: ConnectionStatus[K] };

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Every gossip exchange runs on the one bidirectional stream of the gossip.Gossip service. */
const RPC_ATTRIBUTES = { "rpc.system": "grpc", "rpc.service": "gossip.Gossip", "rpc.method": "GossipStream" };

/** The trace context of `parent`, to put on the stream a dial opens. */
function carrierOf(deps: TracingDeps, parent: Context): TraceCarrier | undefined {
  if (!deps.propagator) return undefined;
  const carrier: Record<string, string> = {};
  deps.propagator.inject(parent, carrier, defaultTextMapSetter);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** The dialer's context a stream carried; a new trace when it carried none. */
function parentFrom(deps: TracingDeps, carrier: TraceCarrier | undefined): Context {
  if (!deps.propagator || !carrier) return ROOT_CONTEXT;
  return deps.propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

function failSpan(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
}

/**
 * SERVER spans for inbound handshakes, which comm reports: a child of the
 * dialer's handshake or membership request when the stream carried its trace context.
 */
export function inboundHandshakeTelemetry(deps: TracingDeps): InboundHandshakeObserver {
  return {
    begin(peerAddress, traceContext) {
      const span = deps.tracer.startSpan(
        "gossip.handshake",
        {
          kind: SpanKind.SERVER,
          attributes: { ...RPC_ATTRIBUTES, ...addressAttributes("network.peer", peerAddress) },
        },
        parentFrom(deps, traceContext),
      );
      return {
        identified(identity, probe) {
          span.setAttributes({
            "gossip.peer.pki_id": pkiIdHex(identity.pkiId),
            "gossip.peer.msp_id": identity.mspId,
            "gossip.probe": probe,
          });
          span.end();
        },
        failed(failure) {
          span.setAttribute("gossip.outcome", failure.reason);
          span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
          span.end();
        },
      };
    },
  };
}

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

  /**
   * A SERVER span for a join's request (it carries a nonce the joiner awaits),
   * in the joiner's trace when its stream carried one. Periodic sync and
   * reconnect requests (nonce 0) answer no operator's question: counted, not traced.
   */
  membershipRequest(nonce: bigint, sender: MembershipRequestSender): MembershipRequestObserver {
    const span =
      nonce === 0n
        ? undefined
        : this.deps.tracer.startSpan(
            "gossip.handle_membership_request",
            {
              kind: SpanKind.SERVER,
              attributes: {
                ...RPC_ATTRIBUTES,
                ...addressAttributes("network.peer", sender.endpoint),
                "gossip.nonce": nonce.toString(),
                "gossip.peer.pki_id": sender.pkiId,
                "gossip.peer.endpoint": sender.endpoint,
              },
            },
            parentFrom(this.deps, sender.traceContext),
          );
    const { logger } = this.deps;
    return {
      dropped(reason, detail) {
        span?.setStatus({ code: SpanStatusCode.ERROR, message: detail });
        span?.setAttribute("gossip.drop_reason", reason);
      },
      refused(detail) {
        span?.setStatus({ code: SpanStatusCode.ERROR, message: detail });
      },
      responded(aliveCount, deadCount) {
        span?.setAttributes({ "gossip.alive_count": aliveCount, "gossip.dead_count": deadCount });
      },
      failed(err) {
        if (span) failSpan(span, err);
        logger.error({ err }, "failed answering a membership request");
      },
      end: () => span?.end(),
    };
  }

  connections(): ConnectionStatus[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }
}

/**
 * One connect, traced per attempt: each handshake attempt is a root
 * `gossip.connect` span, ended when the attempt fails or, for the attempt that
 * succeeds, when its first membership request is acked or times out. So a root
 * never outlives its attempt's deadline, however long the connect retries.
 */
class ConnectTelemetry implements ConnectObserver {
  /** The current attempt's root, while it is open. */
  private attemptSpan: Span | undefined;
  private attemptContext: Context = ROOT_CONTEXT;
  private begunAt = 0;

  constructor(
    private readonly deps: TelemetryDeps,
    private readonly record: ConnectionRecord,
  ) {}

  begin(): void {
    this.begunAt = this.deps.clock.now();
  }

  async handshake<T>(attempt: number, identify: (traceContext?: TraceCarrier) => Promise<T>): Promise<T> {
    this.record.state = "handshaking";
    this.record.attempts = attempt;
    const server = addressAttributes("server", this.record.endpoint);
    this.attemptSpan = this.deps.tracer.startSpan(
      "gossip.connect",
      {
        root: true,
        kind: SpanKind.CLIENT,
        attributes: {
          ...RPC_ATTRIBUTES,
          ...server,
          "gossip.endpoint": this.record.endpoint,
          "gossip.bootstrap": this.record.bootstrap,
          "gossip.attempt": attempt,
        },
      },
      ROOT_CONTEXT,
    );
    this.attemptContext = trace.setSpan(ROOT_CONTEXT, this.attemptSpan);
    const span = this.deps.tracer.startSpan(
      "gossip.handshake",
      { kind: SpanKind.CLIENT, attributes: { ...RPC_ATTRIBUTES, ...server, "gossip.attempt": attempt } },
      this.attemptContext,
    );
    try {
      return await identify(carrierOf(this.deps, trace.setSpan(this.attemptContext, span)));
    } catch (err) {
      failSpan(span, err);
      throw err;
    } finally {
      span.end();
    }
  }

  handshakeFailed(attempt: number, failure: ConnectionFailure): void {
    this.record.state = "failed";
    this.record.lastError = { ...failure, at: this.deps.clock.now() };
    this.endAttempt({ code: SpanStatusCode.ERROR, message: failure.message }, failure.reason);
    this.deps.logger.warn(
      { endpoint: this.record.endpoint, attempt, reason: failure.reason, err: failure.message },
      "could not connect",
    );
  }

  identified(pkiId: string): void {
    this.record.lastHandshakeAt = this.deps.clock.now();
    this.record.pkiId = pkiId;
    this.attemptSpan?.setAttribute("gossip.peer.pki_id", pkiId);
  }

  awaitingAck(nonce: bigint): AckedSendObserver {
    this.record.state = "awaiting_ack";
    this.record.pendingNonce = nonce.toString();
    const connectAttempt = {
      context: this.attemptContext,
      end: (outcome: AttemptOutcome) => this.endAttempt(...attemptEnding(outcome)),
    };
    return membershipRequestTelemetry(this.deps, nonce, this.record.endpoint, this.record, connectAttempt);
  }

  settled(failure?: ConnectionFailure): void {
    const { record } = this;
    const now = this.deps.clock.now();
    record.pendingNonce = undefined;
    if (failure) {
      record.state = "gave_up";
      record.lastError = { ...failure, at: now };
      this.endAttempt({ code: SpanStatusCode.ERROR, message: failure.message }, failure.reason);
    } else {
      record.state = "connected";
      record.connectedAt = now;
      this.deps.metrics.connectToAckDuration.observe((now - this.begunAt) / 1000);
      this.deps.logger.info({ endpoint: record.endpoint, pki_id: record.pkiId }, "membership request acked");
      this.endAttempt({ code: SpanStatusCode.OK }, "acked");
    }
  }

  /** Ends the current attempt's root, if still open, with its outcome. */
  private endAttempt(status: { code: SpanStatusCode; message?: string }, outcome: string): void {
    const span = this.attemptSpan;
    if (!span) return;
    this.attemptSpan = undefined;
    span.setStatus(status);
    span.setAttribute("gossip.outcome", outcome);
    span.end();
  }
}

/** How a membership request attempt ends the connect attempt it belongs to. */
function attemptEnding(outcome: AttemptOutcome): [{ code: SpanStatusCode; message?: string }, string] {
  if (outcome === "acked") return [{ code: SpanStatusCode.OK }, "acked"];
  if (outcome === "aborted") return [{ code: SpanStatusCode.UNSET }, "stopped"];
  return [{ code: SpanStatusCode.ERROR, message: ACK_TIMEOUT_MESSAGE }, "ack_timeout"];
}

const ACK_TIMEOUT_MESSAGE = "no membership response within the ack timeout";

/** The connect attempt whose handshake succeeded: its first membership request is traced inside it. */
interface ConnectAttempt {
  readonly context: Context;
  end(outcome: AttemptOutcome): void;
}

/**
 * A CLIENT span per membership request attempt, the retry and outcome
 * counters, and the record's progress. The first attempt is a child of the
 * connect attempt; each retry, after reconnectInterval, is a root of its own linked to it.
 */
export function membershipRequestTelemetry(
  deps: TelemetryDeps,
  nonce: bigint,
  endpoint: string,
  record?: ConnectionRecord,
  connectAttempt?: ConnectAttempt,
): AckedSendObserver {
  const connectSpan = connectAttempt && trace.getSpanContext(connectAttempt.context);
  return {
    attempt(attempt) {
      if (record) record.requestAttempts = attempt;
      const within = attempt === 1 ? connectAttempt : undefined;
      const parent = within?.context ?? ROOT_CONTEXT;
      const links: Link[] = !within && connectSpan ? [{ context: connectSpan }] : [];
      const span = deps.tracer.startSpan(
        "gossip.membership_request",
        {
          root: !within,
          kind: SpanKind.CLIENT,
          links,
          attributes: {
            ...RPC_ATTRIBUTES,
            ...addressAttributes("server", endpoint),
            "gossip.nonce": nonce.toString(),
            "gossip.attempt": attempt,
          },
        },
        parent,
      );
      return {
        traceContext: carrierOf(deps, trace.setSpan(parent, span)),
        ended(outcome: AttemptOutcome) {
          span.setAttribute("gossip.outcome", outcome);
          if (outcome === "timeout") {
            span.setStatus({ code: SpanStatusCode.ERROR, message: ACK_TIMEOUT_MESSAGE });
            if (record) {
              const message = `no membership response to request ${attempt}`;
              record.lastError = { reason: "ack_timeout", message, at: deps.clock.now() };
            }
          }
          span.end();
          within?.end(outcome);
        },
      };
    },
    retrying(attempt) {
      deps.metrics.membershipRequestRetries.inc();
      deps.logger.debug({ endpoint, attempt }, "membership request not acked, retrying");
    },
    settled(outcome) {
      deps.metrics.membershipRequests.inc({ outcome });
    },
  };
}

/**
 * `${prefix}.address` and `${prefix}.port` of a "host:port" (or a socket's
 * "v6addr:port"), without IPv6 brackets; only the address when there is no port.
 */
function addressAttributes(
  prefix: "server" | "network.peer",
  hostPort: string,
): Record<string, string | number> {
  const colon = hostPort.lastIndexOf(":");
  const port = colon > 0 ? Number(hostPort.slice(colon + 1)) : Number.NaN;
  if (!Number.isInteger(port) || hostPort.slice(colon + 1) === "") return { [`${prefix}.address`]: hostPort };
  const host = hostPort.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { [`${prefix}.address`]: host, [`${prefix}.port`]: port };
}
