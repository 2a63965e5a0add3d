// A tracer whose finished spans land in memory, for tests: nothing is exported or
// registered globally. Parent/child links need an explicit parent context (no context manager).
// The propagator is the one tracing-sdk.ts gives a node: W3C trace context.
import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { TRACER_NAME } from "../../src/observability/tracing.js";

export function tracerForTests(version = "0.0.0-test"): {
  tracer: Tracer;
  propagator: TextMapPropagator;
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const propagator = new W3CTraceContextPropagator();
  return { tracer: provider.getTracer(TRACER_NAME, version), propagator, exporter, provider };
}
