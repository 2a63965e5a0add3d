// Span helpers. No global tracer provider or context manager is assumed:
// parents are passed explicitly, so spans nest the same with or without one.
import {
  type Context,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { tryParseHostPort } from "../util/host-port.js";

/** A tracer that records nothing, without touching the global OpenTelemetry API. */
export function noopTracer(): Tracer {
  return new ProxyTracerProvider().getTracer("fabric-gossip-node/discovery");
}

/** The context whose active span is `span`, for children started with it. */
export function contextOf(span: Span, parent: Context = ROOT_CONTEXT): Context {
  return trace.setSpan(parent, span);
}

/** Splits "host:port" for the net.peer.* attributes; the port is omitted when absent. */
export function peerAttributes(endpoint: string): Record<string, string | number> {
  const parsed = tryParseHostPort(endpoint);
  if (parsed === undefined) return { "net.peer.name": endpoint, "gossip.endpoint": endpoint };
  return { "net.peer.name": parsed.host, "net.peer.port": parsed.port, "gossip.endpoint": endpoint };
}
