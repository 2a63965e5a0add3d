// Traces of the join flow, exported when the standard OpenTelemetry variables ask
// for it, and off otherwise: then the tracer is a no-op, nothing is registered
// globally, and the SDK and its exporters are never even loaded (they are most of
// this package's dependencies by size). What to export where is read by the SDK and
// the exporters themselves; this module only decides whether to load them.
import { ProxyTracerProvider, type TextMapPropagator, type Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import { moduleLogger } from "./logger.js";

/** The instrumentation scope of this project's spans (its version is the package's). */
export const TRACER_NAME = "fabric-gossip-node";

export interface Tracing {
  tracer: Tracer;
  /** False when no exporter is configured (the tracer is then a no-op). */
  enabled: boolean;
  /** W3C trace context for the gossip stream's metadata; absent when tracing is off. */
  propagator?: TextMapPropagator;
  /** Flushes pending spans (bounded) and unregisters the SDK; resolves even if the collector is down. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /** service.name when OTEL_SERVICE_NAME is unset. */
  serviceName: string;
  /** The package version: the instrumentation scope's version. */
  version: string;
  /**
   * The environment with the OTEL_* variables (process.env plus .env). Entries that
   * process.env lacks are set there while tracing runs: the SDK and exporters read only it.
   */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Bound on shutdown's flush; the OTLP export timeout is the other. */
  shutdownTimeoutMs?: number;
}

export type TracingRequest = { exporters: string[] } | { off: string };

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Whether the environment asks for traces, and to which exporters. Kept by hand: the
 * specification's default (OTEL_TRACES_EXPORTER=otlp when unset) would load the SDK and
 * export to localhost on every node; here tracing is opt-in, and an endpoint implies otlp.
 */
export function tracingRequest(env: NodeJS.ProcessEnv): TracingRequest {
  if (envValue(env, "OTEL_SDK_DISABLED")?.toLowerCase() === "true")
    return { off: "OTEL_SDK_DISABLED is true" };
  const names = (envValue(env, "OTEL_TRACES_EXPORTER") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "" && name !== "null");
  if (names.length === 0) {
    const endpoint =
      envValue(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? envValue(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
    return endpoint === undefined
      ? { off: "no OTEL_TRACES_EXPORTER and no OTLP endpoint configured" }
      : { exporters: ["otlp"] };
  }
  if (names[0] === "none") return { off: "OTEL_TRACES_EXPORTER is none" };
  return { exporters: [...new Set(names)] };
}

function noopTracing(): Tracing {
  // A provider of our own, never registered: the tracer stays a no-op whatever else registers later.
  const tracer = new ProxyTracerProvider().getTracer(TRACER_NAME);
  return { tracer, enabled: false, shutdown: async () => {} };
}

/** Starts tracing as the OTEL_* variables ask, loading the SDK only then; call once per process. */
export async function startTracing(options: StartTracingOptions): Promise<Tracing> {
  const logger = moduleLogger(options.logger, "tracing");
  const request = tracingRequest(options.env);
  if ("off" in request) {
    logger.debug({ reason: request.off }, "tracing off");
    return noopTracing();
  }
  const { startSdk } = await import("./tracing-sdk.js");
  return startSdk({ ...options, logger, tracerName: TRACER_NAME }, request.exporters);
}
