// W3C trace context (traceparent, tracestate) in a GossipStream call's gRPC
// metadata: the dialer puts it on the call it opens, the acceptor reads it back,
// so the responder's spans join the dialer's trace. Fabric peers ignore unknown
// metadata. Comm only carries the strings: the propagator in discovery's
// telemetry writes and parses them.
import * as grpc from "@grpc/grpc-js";

/** The trace context fields as a propagator's carrier: metadata key to value. */
export type TraceCarrier = Readonly<Record<string, string>>;

// The W3C Trace Context fields; nothing else a remote sends is kept.
const TRACE_CONTEXT_KEYS = ["traceparent", "tracestate"] as const;
// traceparent is 55 characters; W3C asks propagators to keep at least 512 of a tracestate.
const MAX_VALUE_LENGTH = 512;

/** The metadata for a call carrying `carrier`: no metadata at all when there is nothing to carry. */
export function traceMetadata(carrier: TraceCarrier | undefined): grpc.Metadata | undefined {
  if (!carrier) return undefined;
  const metadata = new grpc.Metadata();
  for (const key of TRACE_CONTEXT_KEYS) {
    const value = carrier[key];
    if (value !== undefined) metadata.set(key, value);
  }
  return metadata;
}

/** The trace context an inbound call carries, bounded; undefined when it carries none. */
export function traceCarrierOf(metadata: grpc.Metadata): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  for (const key of TRACE_CONTEXT_KEYS) {
    const [value] = metadata.get(key);
    if (typeof value === "string" && value.length <= MAX_VALUE_LENGTH) carrier[key] = value;
  }
  return carrier.traceparent === undefined ? undefined : carrier;
}
