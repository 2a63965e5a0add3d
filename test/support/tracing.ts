// A tracer whose finished spans land in memory, for tests: nothing is exported or
// registered globally. Parent/child links need an explicit parent context (no context manager).
import type { Tracer } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { TRACER_NAME } from "../../src/observability/tracing.js";

export function tracerForTests(version = "0.0.0-test"): {
  tracer: Tracer;
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer(TRACER_NAME, version), exporter, provider };
}
