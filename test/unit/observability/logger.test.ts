import { describe, expect, it } from "vitest";
import { consoleDestination, formatConsoleLine } from "../../../src/observability/log-format.js";
import { createLogger, logLevelsOf, moduleLogger } from "../../../src/observability/logger.js";

function capture(format: "json" | "console" = "json", spec = "info") {
  const lines: string[] = [];
  const logger = createLogger({
    spec,
    format,
    base: { node: "peer0" },
    destination: { write: (line: string) => void lines.push(...line.split("\n").filter(Boolean)) },
  });
  return { logger, lines };
}

describe("createLogger", () => {
  it("gives each module child the level its spec names", () => {
    const { logger } = capture("json", "gossip.discovery=debug:gossip.comm,gossip.pull=warn:info");
    expect(moduleLogger(logger, "gossip.discovery").level).toBe("debug");
    expect(moduleLogger(logger, "gossip.comm").level).toBe("warn");
    expect(logger.child({ module: "gossip.pull" }).level).toBe("warn");
    expect(logger.child({ module: "admin" }).level).toBe("info");
    expect(logger.level).toBe("info");
  });

  it("changes the levels of existing module loggers when the spec changes at run time", () => {
    const { logger, lines } = capture();
    const discovery = moduleLogger(logger, "gossip.discovery");
    const comm = moduleLogger(logger, "gossip.comm");
    const request = discovery.child({ request: 1 }); // not a module of its own: follows its parent
    discovery.debug("hidden");

    logLevelsOf(logger).activate("gossip.discovery=debug:warn");
    expect([discovery.level, comm.level, logger.level, request.level]).toEqual([
      "debug",
      "warn",
      "warn",
      "debug",
    ]);
    discovery.debug("shown");
    request.debug("shown too");
    comm.info("hidden");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["shown", "shown too"]);
    expect(logLevelsOf(comm).spec).toBe("gossip.discovery=debug:warn");

    logLevelsOf(logger).activate("info");
    expect([discovery.level, comm.level, request.level]).toEqual(["info", "info", "info"]);
  });

  it("keeps the active spec when a new one is invalid", () => {
    const { logger } = capture("json", "gossip=debug:info");
    const comm = moduleLogger(logger, "gossip.comm");
    expect(() => logLevelsOf(logger).activate("gossip=loud")).toThrow(/bad segment 'gossip=loud'/);
    expect(logLevelsOf(logger).spec).toBe("gossip=debug:info");
    expect(comm.level).toBe("debug");
  });

  it("keeps the levels of two nodes in one process apart", () => {
    const a = capture("json", "debug").logger;
    const b = capture("json", "error").logger;
    logLevelsOf(a).activate("warn");
    expect(moduleLogger(b, "admin").level).toBe("error");
    expect(moduleLogger(a, "admin").level).toBe("warn");
  });

  it("writes JSON with textual levels, ISO time and the same field names as the console format", () => {
    const { logger, lines } = capture();
    moduleLogger(logger, "gossip.discovery").info({ pki_id: "ab12", endpoint: "peer1:7051" }, "joined");
    const record = JSON.parse(lines[0] ?? "{}");
    expect(record).toMatchObject({
      level: "info",
      node: "peer0",
      module: "gossip.discovery",
      pki_id: "ab12",
      endpoint: "peer1:7051",
      msg: "joined",
    });
    expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("writes Fabric's console line in console format", () => {
    const { logger, lines } = capture("console");
    const log = moduleLogger(logger, "gossip.discovery");
    log.info({ pki_id: "ab12", endpoint: "peer1:7051" }, "Membership view has changed");
    log.warn({ reason: "two words" }, "second");
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC 0001 INFO \[gossip\.discovery\] Membership view has changed node=peer0 pki_id=ab12 endpoint=peer1:7051$/,
    );
    expect(lines[1]).toMatch(/ 0002 WARN \[gossip\.discovery\] second node=peer0 reason="two words"$/);
  });
});

describe("formatConsoleLine", () => {
  it("prints Fabric's four-letter levels, the time in UTC, and an error's stack below the line", () => {
    const line = formatConsoleLine(
      {
        level: "error",
        time: "2026-01-01T12:00:00.000Z",
        msg: "failed",
        err: { type: "Error", message: "boom", stack: "Error: boom\n    at x" },
        count: 3,
      },
      255,
    );
    expect(line).toBe("2026-01-01 12:00:00.000 UTC 00ff ERRO failed err=boom count=3\nError: boom\n    at x");
  });

  it("numbers the records of one destination from 1", () => {
    const out: string[] = [];
    const destination = consoleDestination({ write: (text) => out.push(text) });
    destination.write('{"level":"debug","time":"2026-01-01T00:00:00.000Z","msg":"a"}\n');
    destination.write('{"level":"debug","time":"2026-01-01T00:00:00.000Z","msg":"b"}\n');
    expect(out).toEqual([
      "2026-01-01 00:00:00.000 UTC 0001 DEBU a\n",
      "2026-01-01 00:00:00.000 UTC 0002 DEBU b\n",
    ]);
  });
});
