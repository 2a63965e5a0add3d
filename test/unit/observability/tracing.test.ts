import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../../src/observability/logger.js";
import {
  parseOtlpHeaders,
  startTracing,
  type Tracing,
  tracerForTests,
  tracingConfigFromEnv,
} from "../../../src/observability/tracing.js";

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

describe("tracingConfigFromEnv", () => {
  it("is off without OTEL_TRACES_EXPORTER or an OTLP endpoint", () => {
    expect(tracingConfigFromEnv({}, "svc")).toMatchObject({ enabled: false });
    expect(tracingConfigFromEnv({ OTEL_SERVICE_NAME: "x", OTEL_TRACES_EXPORTER: " " }, "svc").enabled).toBe(
      false,
    );
  });

  it("is off when the exporter is none, even with an endpoint", () => {
    const config = tracingConfigFromEnv(
      { OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" },
      "svc",
    );
    expect(config).toMatchObject({ enabled: false, reason: expect.stringMatching(/none/) });
  });

  it("is off when OTEL_SDK_DISABLED is true", () => {
    const config = tracingConfigFromEnv(
      { OTEL_SDK_DISABLED: "TRUE", OTEL_TRACES_EXPORTER: "console" },
      "svc",
    );
    expect(config.enabled).toBe(false);
  });

  it("implies OTLP over http/protobuf when only the general endpoint is set, appending /v1/traces", () => {
    const config = tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }, "svc");
    expect(config).toEqual({
      enabled: true,
      serviceName: "svc",
      warnings: [],
      exporters: [
        {
          kind: "otlp",
          protocol: "http/protobuf",
          url: "http://collector:4318/v1/traces",
          headers: {},
          timeoutMillis: 10_000,
        },
      ],
    });
  });

  it("uses the traces endpoint as given, and the signal-specific protocol, timeout and headers first", () => {
    const config = tracingConfigFromEnv(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://ignored:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://collector/custom/path",
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_TIMEOUT: "3000",
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "1500",
        OTEL_EXPORTER_OTLP_HEADERS: "x-tenant=a,authorization=Basic%20abc",
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-tenant=b",
        OTEL_SERVICE_NAME: "gossip-east",
      },
      "svc",
    );
    expect(config).toMatchObject({
      enabled: true,
      serviceName: "gossip-east",
      exporters: [
        {
          kind: "otlp",
          protocol: "http/json",
          url: "https://collector/custom/path",
          timeoutMillis: 1500,
          headers: { "x-tenant": "b", authorization: "Basic abc" },
        },
      ],
    });
  });

  it("keeps the general endpoint as the gRPC target", () => {
    const config = tracingConfigFromEnv(
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      "svc",
    );
    expect(config).toMatchObject({ exporters: [{ protocol: "grpc", url: "http://collector:4317" }] });
  });

  it("takes several exporters, and warns about the ones it does not support", () => {
    const config = tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: "console, zipkin,otlp,console" }, "svc");
    expect(config).toMatchObject({
      enabled: true,
      exporters: [{ kind: "console" }, { kind: "otlp", url: "http://localhost:4318/v1/traces" }],
      warnings: [expect.stringMatching(/zipkin/)],
    });
  });

  it("falls back to http/protobuf on an unknown protocol, with a warning", () => {
    const config = tracingConfigFromEnv(
      { OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_PROTOCOL: "carrier-pigeon" },
      "s",
    );
    expect(config).toMatchObject({
      exporters: [{ protocol: "http/protobuf" }],
      warnings: [expect.any(String)],
    });
  });

  it("parses OTLP headers leniently", () => {
    expect(parseOtlpHeaders("a=1, b = two ,broken,=x,c=%E2%9C%93")).toEqual({ a: "1", b: "two", c: "✓" });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });
});

describe("startTracing", () => {
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
    vi.restoreAllMocks();
  });

  it("without OTEL variables is a no-op tracer and registers nothing globally", async () => {
    tracing = startTracing({ serviceName: "svc", env: {}, logger: silentLogger() });
    expect(tracing.enabled).toBe(false);
    const span = tracing.tracer.startSpan("connect");
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(globalSpanRecords()).toBe(false);
    await expect(tracing.shutdown()).resolves.toBeUndefined();
  });

  it("with the console exporter records spans, and unregisters on shutdown", async () => {
    const dir = vi.spyOn(console, "dir").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    tracing = startTracing({
      serviceName: "svc",
      env: { OTEL_TRACES_EXPORTER: "console" },
      logger: silentLogger(),
    });
    expect(tracing.enabled).toBe(true);
    const span = tracing.tracer.startSpan("handshake");
    expect(span.isRecording()).toBe(true);
    span.end();

    await tracing.shutdown();
    // Exported by the time shutdown resolves (resource detection can delay the export until then).
    expect(dir.mock.calls.length + log.mock.calls.length).toBeGreaterThan(0);
    expect(globalSpanRecords()).toBe(false);
  });

  it("with an OTLP endpoint nobody listens on starts, and shutdown still resolves in bounded time", async () => {
    const port = await unusedPort();
    tracing = startTracing({
      serviceName: "svc",
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: "500" },
      logger: silentLogger(),
      shutdownTimeoutMs: 3_000,
    });
    expect(tracing.enabled).toBe(true);
    tracing.tracer.startSpan("sendUntilAcked").end();
    const started = Date.now();
    await expect(tracing.shutdown()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("exports spans over OTLP/HTTP with the service name, flushing them on shutdown", async () => {
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
      tracing = startTracing({
        serviceName: "svc",
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
          OTEL_SERVICE_NAME: "gossip-test",
        },
        logger: silentLogger(),
      });
      tracing.tracer.startSpan("gossip.connect").end();
      // Batched: nothing is sent until the flush on shutdown.
      await tracing.shutdown();
      const exported = bodies.join("\n");
      expect(exported).toContain("gossip.connect");
      expect(exported).toContain("gossip-test");
    } finally {
      collector.closeAllConnections();
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });

  it("can start again after a shutdown (one process, several runs)", async () => {
    const quiet = { OTEL_TRACES_EXPORTER: "console" };
    vi.spyOn(console, "dir").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const first = startTracing({ serviceName: "svc", env: quiet, logger: silentLogger() });
    await first.shutdown();
    tracing = startTracing({ serviceName: "svc", env: quiet, logger: silentLogger() });
    const span = tracing.tracer.startSpan("again");
    expect(span.isRecording()).toBe(true);
    span.end();
  });

  it("shutdown twice is harmless", async () => {
    tracing = startTracing({
      serviceName: "svc",
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await unusedPort()}` },
      logger: silentLogger(),
    });
    await Promise.all([tracing.shutdown(), tracing.shutdown()]);
  });
});

describe("tracerForTests", () => {
  it("keeps finished spans in memory without touching the global provider", () => {
    const { tracer, exporter } = tracerForTests();
    const parent = tracer.startSpan("connect");
    parent.setAttribute("peer.endpoint", "peer1:7051");
    parent.end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["connect"]);
    expect(exporter.getFinishedSpans()[0]?.attributes["peer.endpoint"]).toBe("peer1:7051");
    expect(globalSpanRecords()).toBe(false);
  });
});
