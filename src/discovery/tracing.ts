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
  const colon = endpoint.lastIndexOf(":");
  const port = colon > 0 ? Number(endpoint.slice(colon + 1)) : Number.NaN;
  if (!Number.isInteger(port)) return { "net.peer.name": endpoint, "gossip.endpoint": endpoint };
  return { "net.peer.name": endpoint.slice(0, colon), "net.peer.port": port, "gossip.endpoint": endpoint };
}
