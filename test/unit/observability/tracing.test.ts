import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultTextMapSetter, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../../src/observability/logger.js";
import {
  startTracing,
  TRACER_NAME,
  type Tracing,
  tracingRequest,
} from "../../../src/observability/tracing.js";
import { tracerForTests } from "../../support/tracing.js";

// Counts the loads of the SDK module (tracing.ts imports it on demand), passing it through unchanged.
const sdkLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../../src/observability/tracing-sdk.js", async (importOriginal) => {
  sdkLoads.count += 1;
  return importOriginal();
});

/** A port nothing listens on: bound, then released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function globalSpanRecords(): boolean {
  const span = trace.getTracer("probe").startSpan("probe");
  span.end();
  return span.isRecording();
}

const base = { serviceName: "svc", version: "9.8.7", logger: silentLogger() };

describe("tracingRequest", () => {
  it("is off without OTEL_TRACES_EXPORTER or an OTLP endpoint", () => {
    expect(tracingRequest({})).toEqual({ off: "no OTEL_TRACES_EXPORTER and no OTLP endpoint configured" });
    expect(tracingRequest({ OTEL_SERVICE_NAME: "x", OTEL_TRACES_EXPORTER: " " })).toHaveProperty("off");
  });

  it("is off when OTEL_TRACES_EXPORTER is none, even with an endpoint, or the SDK is disabled", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(tracingRequest({ ...endpoint, OTEL_TRACES_EXPORTER: "none" })).toEqual({
      off: "OTEL_TRACES_EXPORTER is none",
    });
    expect(tracingRequest({ ...endpoint, OTEL_SDK_DISABLED: "TRUE" })).toEqual({
      off: "OTEL_SDK_DISABLED is true",
    });
  });

  it("implies otlp from an endpoint, and lists named exporters once each", () => {
    expect(tracingRequest({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/v1/traces" })).toEqual({
      exporters: ["otlp"],
    });
    expect(tracingRequest({ OTEL_TRACES_EXPORTER: "Console, otlp,console" })).toEqual({
      exporters: ["console", "otlp"],
    });
  });
});

describe("startTracing", () => {
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
    vi.restoreAllMocks();
  });

  it("without OTEL variables never loads the SDK, and its tracer is a no-op registered nowhere", async () => {
    const before = sdkLoads.count;
    tracing = await startTracing({ ...base, env: {} });
    expect(sdkLoads.count).toBe(before);
    expect(tracing.enabled).toBe(false);
    const span = tracing.tracer.startSpan("connect");
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(globalSpanRecords()).toBe(false);
    expect(tracing.propagator).toBeUndefined();
  });

  it("with the console exporter writes one JSON line per span to stderr, none to stdout, scope versioned", async () => {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    const stdout = vi.spyOn(process.stdout, "write");
    const consoleCalls = [vi.spyOn(console, "log"), vi.spyOn(console, "dir")];
    tracing = await startTracing({ ...base, env: { OTEL_TRACES_EXPORTER: "console" } });
    expect(sdkLoads.count).toBeGreaterThan(0);
    expect(tracing.enabled).toBe(true);
    const span = tracing.tracer.startSpan("handshake", { attributes: { "rpc.system": "grpc" } });
    expect(span.isRecording()).toBe(true);
    // The propagator for the gossip stream's metadata writes W3C trace context.
    const carrier: Record<string, string> = {};
    tracing.propagator?.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    span.end();
    await tracing.shutdown();

    const lines = stderr
      .join("")
      .split("\n")
      .filter((line) => line.includes('"handshake"'));
    expect(lines).toHaveLength(1);
    const exported = JSON.parse(lines[0] ?? "{}");
    expect(exported).toMatchObject({
      name: "handshake",
      kind: "INTERNAL",
      attributes: { "rpc.system": "grpc" },
      scope: { name: TRACER_NAME, version: "9.8.7" },
      service_name: "svc",
    });
    expect(exported.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(stdout).not.toHaveBeenCalled();
    for (const call of consoleCalls) expect(call).not.toHaveBeenCalled();
    expect(globalSpanRecords()).toBe(false);
  });

  it("lends .env's OTEL_* variables to process.env while it runs, and takes them back", async () => {
    const port = await unusedPort();
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: "500",
    };
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    tracing = await startTracing({ ...base, env, shutdownTimeoutMs: 3_000 });
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(env.OTEL_EXPORTER_OTLP_ENDPOINT);
    tracing.tracer.startSpan("sendUntilAcked").end();
    // Nobody listens: shutdown still resolves, in bounded time.
    const started = Date.now();
    await expect(tracing.shutdown()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(process.env.OTEL_EXPORTER_OTLP_TIMEOUT).toBeUndefined();
  });

  it("exports over OTLP/HTTP as the exporter reads its variables, with the service name and scope version", async () => {
    const bodies: string[] = [];
    const collector: Server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        if (req.url === "/v1/traces") bodies.push(body);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      tracing = await startTracing({
        ...base,
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
          OTEL_SERVICE_NAME: "gossip-test",
        },
      });
      tracing.tracer.startSpan("gossip.connect").end();
      // Batched: nothing is sent until the flush on shutdown.
      await tracing.shutdown();
      const exported = bodies.join("\n");
      expect(exported).toContain("gossip.connect");
      expect(exported).toContain("gossip-test");
      expect(exported).toContain('"version":"9.8.7"');
    } finally {
      collector.closeAllConnections();
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });

  it("can start again after a shutdown (one process, several runs), and shutdown twice is harmless", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const first = await startTracing({ ...base, env: { OTEL_TRACES_EXPORTER: "console" } });
    await Promise.all([first.shutdown(), first.shutdown()]);
    tracing = await startTracing({ ...base, env: { OTEL_TRACES_EXPORTER: "console" } });
    const span = tracing.tracer.startSpan("again");
    expect(span.isRecording()).toBe(true);
    span.end();
  });

  it("stays off when every named exporter is unsupported", async () => {
    tracing = await startTracing({ ...base, env: { OTEL_TRACES_EXPORTER: "zipkin" } });
    expect(tracing.enabled).toBe(false);
    expect(globalSpanRecords()).toBe(false);
  });
});

describe("tracerForTests", () => {
  it("keeps finished spans in memory without touching the global provider", () => {
    const { tracer, exporter } = tracerForTests();
    tracer.startSpan("connect").end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["connect"]);
    expect(globalSpanRecords()).toBe(false);
  });
});
