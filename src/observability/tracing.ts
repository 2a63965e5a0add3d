// Traces of the join flow (connect, handshake, membership request until acked),
// exported over OTLP when the standard OpenTelemetry variables ask for it, and
// off otherwise: then the tracer is a no-op and nothing is registered globally.
import { Metadata } from "@grpc/grpc-js";
import {
  context,
  type DiagLogger,
  DiagLogLevel,
  diag,
  ProxyTracerProvider,
  propagation,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpGrpcExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { Logger } from "pino";

/** The instrumentation scope of this project's spans. */
export const TRACER_NAME = "fabric-gossip-node";

export interface Tracing {
  tracer: Tracer;
  /** False when no exporter is configured (the tracer is then a no-op). */
  enabled: boolean;
  /** Flushes pending spans (bounded) and unregisters the SDK; resolves even if the collector is down. */
  shutdown(): Promise<void>;
}

export type OtlpProtocol = "grpc" | "http/protobuf" | "http/json";

export type ExporterConfig =
  | { kind: "console" }
  | {
      kind: "otlp";
      protocol: OtlpProtocol;
      url: string;
      headers: Record<string, string>;
      timeoutMillis: number;
    };

export type TracingConfig =
  | { enabled: false; reason: string; warnings: string[] }
  | { enabled: true; serviceName: string; exporters: ExporterConfig[]; warnings: string[] };

const OTLP_PROTOCOLS: readonly OtlpProtocol[] = ["grpc", "http/protobuf", "http/json"];
/** The OTLP exporters' own default, per the OpenTelemetry specification. */
const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** W3C-baggage-style "k1=v1,k2=v2", values URL-encoded, as OTEL_EXPORTER_OTLP_HEADERS. */
export function parseOtlpHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    try {
      headers[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      headers[key] = value;
    }
  }
  return headers;
}

function otlpConfig(env: NodeJS.ProcessEnv, warnings: string[]): ExporterConfig {
  const rawProtocol =
    envValue(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? envValue(env, "OTEL_EXPORTER_OTLP_PROTOCOL");
  let protocol: OtlpProtocol = "http/protobuf";
  if (rawProtocol !== undefined) {
    if ((OTLP_PROTOCOLS as readonly string[]).includes(rawProtocol)) protocol = rawProtocol as OtlpProtocol;
    else warnings.push(`unsupported OTLP protocol "${rawProtocol}"; using http/protobuf`);
  }

  // The signal-specific endpoint is used as given; the general one is a base that gets the signal's path.
  const tracesEndpoint = envValue(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const baseEndpoint = envValue(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  let url: string;
  if (tracesEndpoint !== undefined) url = tracesEndpoint;
  else if (protocol === "grpc") url = baseEndpoint ?? "http://localhost:4317";
  else url = `${(baseEndpoint ?? "http://localhost:4318").replace(/\/+$/, "")}/v1/traces`;

  const headers = {
    ...parseOtlpHeaders(envValue(env, "OTEL_EXPORTER_OTLP_HEADERS")),
    ...parseOtlpHeaders(envValue(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS")),
  };

  const rawTimeout =
    envValue(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? envValue(env, "OTEL_EXPORTER_OTLP_TIMEOUT");
  let timeoutMillis = DEFAULT_EXPORT_TIMEOUT_MS;
  if (rawTimeout !== undefined) {
    const parsed = Number(rawTimeout);
    if (Number.isInteger(parsed) && parsed > 0) timeoutMillis = parsed;
    else
      warnings.push(`OTLP timeout "${rawTimeout}" is not a positive integer of ms; using ${timeoutMillis}`);
  }
  return { kind: "otlp", protocol, url, headers, timeoutMillis };
}

/**
 * Reads the standard OpenTelemetry variables: tracing is on when OTEL_TRACES_EXPORTER
 * names an exporter, or an OTLP endpoint is set (then OTLP is implied).
 */
export function tracingConfigFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingConfig {
  const warnings: string[] = [];
  if (envValue(env, "OTEL_SDK_DISABLED")?.toLowerCase() === "true") {
    return { enabled: false, reason: "OTEL_SDK_DISABLED is true", warnings };
  }
  let names = [
    ...new Set(
      (envValue(env, "OTEL_TRACES_EXPORTER") ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter((name) => name !== "" && name !== "null"),
    ),
  ];
  const endpointSet =
    envValue(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") !== undefined ||
    envValue(env, "OTEL_EXPORTER_OTLP_ENDPOINT") !== undefined;
  if (names.length === 0) {
    if (!endpointSet) {
      return { enabled: false, reason: "no OTEL_TRACES_EXPORTER and no OTLP endpoint configured", warnings };
    }
    names = ["otlp"];
  }
  if (names.length === 1 && names[0] === "none") {
    return { enabled: false, reason: "OTEL_TRACES_EXPORTER is none", warnings };
  }

  const exporters: ExporterConfig[] = [];
  for (const name of names) {
    if (name === "otlp") exporters.push(otlpConfig(env, warnings));
    else if (name === "console") exporters.push({ kind: "console" });
    else if (name === "none")
      warnings.push('OTEL_TRACES_EXPORTER lists "none" with other exporters; ignoring it');
    else warnings.push(`unsupported trace exporter "${name}" ignored (supported: otlp, console, none)`);
  }
  if (exporters.length === 0) {
    return { enabled: false, reason: "OTEL_TRACES_EXPORTER names no supported exporter", warnings };
  }
  const serviceName = envValue(env, "OTEL_SERVICE_NAME") ?? defaultServiceName;
  return { enabled: true, serviceName, exporters, warnings };
}

function grpcMetadata(headers: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return metadata;
}

function spanProcessorFor(config: ExporterConfig): SpanProcessor {
  if (config.kind === "console") return new SimpleSpanProcessor(new ConsoleSpanExporter());
  const { url, headers, timeoutMillis } = config;
  switch (config.protocol) {
    case "grpc":
      return new BatchSpanProcessor(
        new OtlpGrpcExporter({ url, metadata: grpcMetadata(headers), timeoutMillis }),
      );
    case "http/json":
      return new BatchSpanProcessor(new OtlpJsonExporter({ url, headers, timeoutMillis }));
    case "http/protobuf":
      return new BatchSpanProcessor(new OtlpProtobufExporter({ url, headers, timeoutMillis }));
  }
}

/** OpenTelemetry's own diagnostics (export failures...) go to the node's log. */
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

export interface StartTracingOptions {
  /** Used when OTEL_SERVICE_NAME is unset. */
  serviceName: string;
  /**
   * Where the OTEL_* variables are read: whether to trace, exporters, endpoint, protocol,
   * headers, timeout, service name. The SDK reads its finer knobs (batch sizes, sampler,
   * resource attributes, exporter TLS files) from process.env itself.
   */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Bound on shutdown's flush; the OTLP export timeout is the other. */
  shutdownTimeoutMs?: number;
}

function noopTracing(): Tracing {
  // A provider of our own, never registered: the tracer stays a no-op whatever else registers later.
  const tracer = new ProxyTracerProvider().getTracer(TRACER_NAME);
  return { tracer, enabled: false, shutdown: async () => {} };
}

/** Starts tracing per the standard OpenTelemetry variables; call once per process. */
export function startTracing(options: StartTracingOptions): Tracing {
  const log = options.logger.child({ module: "tracing" });
  const config = tracingConfigFromEnv(options.env, options.serviceName);
  for (const warning of config.warnings) log.warn(`tracing: ${warning}`);
  if (!config.enabled) {
    log.debug({ reason: config.reason }, "tracing off");
    return noopTracing();
  }

  diag.setLogger(diagToPino(log), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const spanProcessors = config.exporters.map(spanProcessorFor);
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    spanProcessors,
    // Traces only: without these the SDK would also set up metric and log exporters from the environment.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  log.info(
    {
      serviceName: config.serviceName,
      exporters: config.exporters.map((e) => (e.kind === "otlp" ? `otlp ${e.protocol} ${e.url}` : e.kind)),
    },
    "tracing on",
  );

  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 15_000;
  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), shutdownTimeoutMs);
      });
      try {
        // Flush first: a simple processor's shutdown drops exports still waiting on resource detection.
        const flushThenStop = async () => {
          await Promise.allSettled(spanProcessors.map((processor) => processor.forceFlush()));
          await sdk.shutdown();
          return "flushed" as const;
        };
        const outcome = await Promise.race([flushThenStop(), timedOut]);
        if (outcome === "timeout")
          log.warn({ shutdownTimeoutMs }, "tracing: spans not flushed in time; dropped");
      } catch (err) {
        log.warn({ err }, "tracing: flushing spans on shutdown failed");
      } finally {
        clearTimeout(timer);
        // Undo what start() registered, so the process (or the next test) starts clean.
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
      }
    })();
    return stopping;
  };

  return { tracer: trace.getTracer(TRACER_NAME), enabled: true, shutdown };
}

/**
 * A tracer whose finished spans land in memory, for tests: nothing is exported or
 * registered globally. Parent/child links need an explicit parent context (no context manager).
 */
export function tracerForTests(): {
  tracer: Tracer;
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer(TRACER_NAME), exporter, provider };
}
