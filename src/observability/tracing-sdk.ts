// The OpenTelemetry SDK and exporters, imported by tracing.ts only when the
// environment asks for traces. The exporters and the SDK read their settings
// (endpoint, headers, timeout, compression, certificates, batch sizes, sampler,
// resource attributes, service name) from the environment themselves; this file
// picks the exporter classes and keeps every byte they write out of the log stream.
import {
  context,
  type DiagLogger,
  DiagLogLevel,
  diag,
  ProxyTracerProvider,
  propagation,
  SpanKind,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import {
  diagLogLevelFromString,
  type ExportResult,
  ExportResultCode,
  hrTimeToMilliseconds,
  hrTimeToTimeStamp,
  W3CTraceContextPropagator,
} from "@opentelemetry/core";
import { OTLPTraceExporter as OtlpGrpcExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { Logger } from "pino";

/** What tracing.ts hands over (this module imports nothing of it: it is loaded on demand). */
interface SdkOptions {
  tracerName: string;
  serviceName: string;
  version: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  shutdownTimeoutMs?: number;
}

interface SdkTracing {
  tracer: Tracer;
  enabled: boolean;
  propagator?: TextMapPropagator;
  shutdown(): Promise<void>;
}

/**
 * The console exporter, as one JSON line per span on stderr. The SDK's own writes
 * multi-line objects to standard output, which is the node's JSON log stream.
 */
class StderrSpanExporter implements SpanExporter {
  constructor(private readonly out: { write(text: string): unknown } = process.stderr) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const line = {
        trace_id: traceId,
        span_id: spanId,
        parent_span_id: span.parentSpanContext?.spanId,
        name: span.name,
        kind: SpanKind[span.kind],
        start_time: hrTimeToTimeStamp(span.startTime),
        duration_ms: hrTimeToMilliseconds(span.duration),
        status: span.status,
        attributes: span.attributes,
        events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
        scope: span.instrumentationScope,
        service_name: span.resource.attributes["service.name"],
      };
      this.out.write(`${JSON.stringify(line)}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/** The OTLP exporter class for the configured protocol: one class per protocol, the caller picks. */
function otlpExporter(env: NodeJS.ProcessEnv, log: Logger): SpanExporter {
  const protocol =
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() ||
    "http/protobuf";
  switch (protocol) {
    case "grpc":
      return new OtlpGrpcExporter();
    case "http/json":
      return new OtlpJsonExporter();
    case "http/protobuf":
      return new OtlpProtobufExporter();
    default:
      log.warn({ protocol }, "tracing: unsupported OTLP protocol; using http/protobuf");
      return new OtlpProtobufExporter();
  }
}

function spanProcessors(names: string[], env: NodeJS.ProcessEnv, log: Logger): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  for (const name of names) {
    if (name === "otlp") processors.push(new BatchSpanProcessor(otlpExporter(env, log)));
    else if (name === "console") processors.push(new SimpleSpanProcessor(new StderrSpanExporter()));
    else
      log.warn({ exporter: name }, "tracing: unsupported trace exporter ignored (supported: otlp, console)");
  }
  return processors;
}

/** OpenTelemetry's own diagnostics (export failures...) go to the node's log, not the console. */
function diagToPino(logger: Logger): DiagLogger {
  const fields = (args: unknown[]) => {
    const err = args.find((arg) => arg instanceof Error);
    const rest = args.filter((arg) => arg !== err);
    return { ...(err ? { err } : {}), ...(rest.length > 0 ? { args: rest } : {}) };
  };
  return {
    error: (message, ...args) => logger.error(fields(args), message),
    warn: (message, ...args) => logger.warn(fields(args), message),
    info: (message, ...args) => logger.info(fields(args), message),
    debug: (message, ...args) => logger.debug(fields(args), message),
    verbose: (message, ...args) => logger.trace(fields(args), message),
  };
}

/** Sets the OTEL_* entries of `env` that process.env lacks; returns a function that removes them. */
function lendToProcessEnv(env: NodeJS.ProcessEnv): () => void {
  const lent = Object.keys(env).filter((name) => name.startsWith("OTEL_") && !process.env[name]?.trim());
  for (const name of lent) process.env[name] = env[name];
  return () => {
    for (const name of lent) delete process.env[name];
  };
}

export function startSdk(options: SdkOptions, exporters: string[]): SdkTracing {
  const log = options.logger;
  const returnEnv = lendToProcessEnv(options.env);
  const processors = spanProcessors(exporters, options.env, log);
  if (processors.length === 0) {
    returnEnv();
    log.warn({ exporters }, "tracing off: OTEL_TRACES_EXPORTER names no supported exporter");
    return {
      tracer: new ProxyTracerProvider().getTracer(options.tracerName),
      enabled: false,
      shutdown: async () => {},
    };
  }
  const sdk = new NodeSDK({
    // Only when unset: a serviceName given here would override OTEL_SERVICE_NAME.
    ...(options.env.OTEL_SERVICE_NAME?.trim() ? {} : { serviceName: options.serviceName }),
    spanProcessors: processors,
    // Traces only: without these the SDK would also set up metric and log exporters from the environment.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  // After the SDK, which points diag at the console when OTEL_LOG_LEVEL is set.
  const logLevel = diagLogLevelFromString(options.env.OTEL_LOG_LEVEL) ?? DiagLogLevel.WARN;
  diag.setLogger(diagToPino(log), { logLevel, suppressOverrideMessage: true });
  sdk.start();
  log.info({ exporters }, "tracing on");
  const shutdown = shutdownOnce(sdk, processors, log, options.shutdownTimeoutMs ?? 15_000, returnEnv);
  // W3C trace context on the gossip stream whatever OTEL_PROPAGATORS says: comm carries only its two fields.
  const propagator = new W3CTraceContextPropagator();
  return {
    tracer: trace.getTracer(options.tracerName, options.version),
    enabled: true,
    propagator,
    shutdown,
  };
}

function shutdownOnce(
  sdk: NodeSDK,
  processors: SpanProcessor[],
  log: Logger,
  timeoutMs: number,
  returnEnv: () => void,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      try {
        // Flush first: a simple processor's shutdown drops exports still waiting on resource detection.
        const flushThenStop = async () => {
          await Promise.allSettled(processors.map((processor) => processor.forceFlush()));
          await sdk.shutdown();
          return "flushed" as const;
        };
        if ((await Promise.race([flushThenStop(), timedOut])) === "timeout") {
          log.warn({ shutdownTimeoutMs: timeoutMs }, "tracing: spans not flushed in time; dropped");
        }
      } catch (err) {
        log.warn({ err }, "tracing: flushing spans on shutdown failed");
      } finally {
        clearTimeout(timer);
        // Undo what start() registered, so the process (or the next test) starts clean.
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
        returnEnv();
      }
    })();
    return stopping;
  };
}
