// /logspec as Fabric serves it: per-module specs, Fabric's curl without a JSON
// content type, the normalised spec on GET, errors naming `spec`.
import type { FastifyInstance } from "fastify";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAdminApp } from "../../../src/admin/admin-server.js";
import { apiErrorSchema, logSpecSchema } from "../../../src/admin/schemas.js";
import { createLogger, type Logger, moduleLogger } from "../../../src/observability/logger.js";
import { FakeNodeView } from "../../support/fake-node-view.js";
import { assertMatches } from "./admin-test-kit.js";

let app: FastifyInstance;
let logger: Logger;
let lines: Array<Record<string, unknown>>;

beforeEach(async () => {
  lines = [];
  logger = createLogger({ destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  app = await createAdminApp({
    node: new FakeNodeView(),
    logger,
    listenAddress: "127.0.0.1:0",
    version: { version: "1", commitSha: "x" },
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

describe("/logspec", () => {
  it("GET answers the active spec in Fabric's shape", async () => {
    const res = await request(app.server).get("/logspec").expect(200);
    assertMatches(logSpecSchema, res.body);
    expect(res.body).toEqual({ spec: "info" });
  });

  it("PUT applies per-module levels to the module loggers that exist, and GET answers it normalised", async () => {
    const discovery = moduleLogger(logger, "gossip.discovery");
    const comm = moduleLogger(logger, "gossip.comm");
    await request(app.server)
      .put("/logspec")
      .send({ spec: "gossip.discovery=debug:gossip.comm,gossip.pull=warning:info" })
      .expect(204);
    expect([discovery.level, comm.level, logger.level]).toEqual(["debug", "warn", "info"]);
    const res = await request(app.server).get("/logspec").expect(200);
    expect(res.body).toEqual({ spec: "gossip.comm=warn:gossip.discovery=debug:gossip.pull=warn:info" });
    expect(lines.find((l) => l.msg === "logging spec changed through the admin API")).toMatchObject({
      module: "admin",
      previous: "info",
      spec: "gossip.comm=warn:gossip.discovery=debug:gossip.pull=warn:info",
    });
  });

  it.each([
    ["curl's form content type", "application/x-www-form-urlencoded"],
    ["text", "text/plain"],
  ])('PUT accepts Fabric\'s curl -d \'{"spec":"debug"}\' sent with %s', async (_name, type) => {
    await request(app.server).put("/logspec").set("content-type", type).send('{"spec":"debug"}').expect(204);
    expect(logger.level).toBe("debug");
  });

  it("PUT accepts the JSON document with no content type at all", async () => {
    const res = await app.inject({ method: "PUT", url: "/logspec", body: '{"spec":"warn"}' });
    expect(res.headers["content-type"]).toBeUndefined();
    expect(res.statusCode).toBe(204);
    expect(logger.level).toBe("warn");
  });

  it("PUT of a body that is not JSON is a 400 naming body, the spec unchanged", async () => {
    const res = await request(app.server)
      .put("/logspec")
      .set("content-type", "application/x-www-form-urlencoded")
      .send("spec=debug")
      .expect(400);
    assertMatches(apiErrorSchema, res.body);
    expect(res.body.field).toBe("body");
    expect(logger.level).toBe("info");
  });

  it.each([
    ["verbose", /bad segment 'verbose'/],
    ["=info", /no logger specified/],
    ["gossip*=debug:info", /bad logger name 'gossip\*'/],
  ])("PUT rejects %j with Fabric's reason, naming spec, and keeps the spec", async (spec, message) => {
    const discovery = moduleLogger(logger, "gossip.discovery");
    const res = await request(app.server).put("/logspec").send({ spec }).expect(400);
    assertMatches(apiErrorSchema, res.body);
    expect(res.body.field).toBe("spec");
    expect(res.body.message).toMatch(message);
    expect([logger.level, discovery.level]).toEqual(["info", "info"]);
  });

  it("PUT of a body over the limit is refused before it is parsed", async () => {
    const res = await request(app.server)
      .put("/logspec")
      .set("content-type", "text/plain")
      .send(`{"spec":"${"a".repeat(8192)}"}`);
    expect(res.status).toBe(413);
  });

  it("other routes still refuse a body that is not JSON", async () => {
    const res = await request(app.server)
      .post("/v1/peers")
      .set("content-type", "application/x-www-form-urlencoded")
      .send('{"endpoint":"peer1:7051"}');
    expect(res.status).toBe(415);
  });
});
