import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminApp } from "../../../src/admin/admin-server.js";
import {
  bearerToken,
  isLoopbackHost,
  isLoopbackHostHeader,
  mutationPolicy,
  tokensMatch,
} from "../../../src/admin/auth.js";
import { apiErrorSchema } from "../../../src/admin/schemas.js";
import { FakeNodeView } from "../../support/fake-node-view.js";
import { assertMatches, capturingLogger, type Harness, startHarness } from "./admin-test-kit.js";

describe("isLoopbackHost", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "::1",
    "[::1]",
    "localhost",
    "LOCALHOST",
    "::ffff:127.0.0.1",
    "0:0:0:0:0:0:0:1",
  ])("counts %s as loopback", (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each([
    "",
    "0.0.0.0",
    "::",
    "10.0.0.1",
    "128.0.0.1",
    "peer0.org1.example.com",
    "localhost.evil.com",
    "[::2]",
  ])("does not count %j as loopback", (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe("isLoopbackHostHeader", () => {
  it.each([
    "localhost",
    "localhost:9443",
    "127.0.0.1:9443",
    "127.9.8.7",
    "[::1]:9443",
    "[::1]",
    "LocalHost:1",
  ])("counts Host %s as loopback", (host) => expect(isLoopbackHostHeader(host)).toBe(true));

  it.each([
    undefined,
    "",
    ":9443",
    "evil.example.com:9443",
    "localhost.evil.com",
    "127.0.0.1.nip.io:9443",
    "10.0.0.1:9443",
    "::1",
    "[::1]x",
    "127.0.0.1:9443:1",
    "127.0.0.1:port",
    "localhost@evil.com",
  ])("does not count Host %j as loopback", (host) => expect(isLoopbackHostHeader(host)).toBe(false));
});

describe("bearer token helpers", () => {
  it("extracts the token of a Bearer header, whatever the scheme's case", () => {
    expect(bearerToken("Bearer s3cret")).toBe("s3cret");
    expect(bearerToken("bearer s3cret")).toBe("s3cret");
    expect(bearerToken("Basic czNjcmV0")).toBeUndefined();
    expect(bearerToken("Bearer")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it("compares tokens of any length without throwing", () => {
    expect(tokensMatch("s3cret", "s3cret")).toBe(true);
    expect(tokensMatch("s3cre", "s3cret")).toBe(false);
    expect(tokensMatch("", "s3cret")).toBe(false);
  });

  it("decides the policy from the listen host and the token", () => {
    expect(mutationPolicy("127.0.0.1", undefined).kind).toBe("open-loopback");
    expect(mutationPolicy("0.0.0.0", "t").kind).toBe("token");
    expect(mutationPolicy("127.0.0.1", "t").kind).toBe("token");
    expect(mutationPolicy("0.0.0.0", undefined).kind).toBe("refused");
    expect(mutationPolicy("0.0.0.0", "").kind).toBe("refused");
  });
});

describe("mutating routes", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.server.close();
    h = undefined;
  });

  it("are open on loopback when no token is configured", async () => {
    h = await startHarness();
    await request(h.url).post("/v1/peers").send({ endpoint: "peer1:7051" }).expect(202);
    await request(h.url).put("/logspec").send({ spec: "debug" }).expect(204);
    expect(h.node.connectCalls).toEqual(["peer1:7051"]);
  });

  describe("on loopback without a token (DNS rebinding)", () => {
    it("refuse a request whose Host header does not name a loopback host, with 403 saying why", async () => {
      h = await startHarness();
      for (const host of ["evil.example.com:9443", "rebind.attacker.test", "10.1.2.3:9443"]) {
        const res = await request(h.url)
          .post("/v1/peers")
          .set("host", host)
          .send({ endpoint: "peer1:7051" })
          .expect(403);
        assertMatches(apiErrorSchema, res.body);
        expect(res.body.message).toMatch(/Host header .* does not name a loopback host/);
        await request(h.url).put("/logspec").set("host", host).send({ spec: "debug" }).expect(403);
      }
      expect(h.node.connectCalls).toEqual([]);
      expect(h.logger.level).toBe("info");
      // Reads stay open.
      await request(h.url).get("/v1/peers").set("host", "evil.example.com:9443").expect(200);
    });

    it("accept localhost, 127.x and [::1] Host headers", async () => {
      h = await startHarness();
      for (const host of ["localhost:9443", "127.0.0.2:1", "[::1]:9443", "localhost"]) {
        await request(h.url).post("/v1/peers").set("host", host).send({ endpoint: "peer1:7051" }).expect(202);
      }
      expect(h.node.connectCalls).toHaveLength(4);
    });

    it("quote at most a clipped excerpt of a long Host header", async () => {
      h = await startHarness();
      const res = await request(h.url)
        .post("/v1/peers")
        .set("host", `${"a".repeat(4_000)}.example.com`)
        .send({ endpoint: "peer1:7051" })
        .expect(403);
      expect(res.body.message.length).toBeLessThan(400);
    });
  });

  describe("refusals in the log", () => {
    it("are logged at info with route and reason, never the presented token", async () => {
      h = await startHarness({ adminToken: "s3cret-admin-token" });
      await request(h.url)
        .post("/v1/peers")
        .set("authorization", "Bearer presented-wrong-token")
        .send({ endpoint: "peer1:7051" })
        .expect(401);
      await request(h.url).put("/logspec").send({ spec: "debug" }).expect(401);
      const refusals = h.lines.filter((l) => l.msg === "admin request refused");
      expect(refusals.map((l) => [l.level, l.route, l.reason, l.status])).toEqual([
        [30, "POST /v1/peers", "wrong_token", 401],
        [30, "PUT /logspec", "missing_token", 401],
      ]);
      const everything = JSON.stringify(h.lines);
      expect(everything).not.toContain("presented-wrong-token");
      expect(everything).not.toContain("s3cret-admin-token");
    });

    it("are rate-limited, so a flood of bad requests cannot flood the log", async () => {
      h = await startHarness({ adminToken: "t" });
      for (let i = 0; i < 50; i++) {
        const res = await h.server.app.inject({ method: "PUT", url: "/logspec", payload: { spec: "debug" } });
        expect(res.statusCode).toBe(401);
      }
      const refusals = h.lines.filter((l) => l.msg === "admin request refused");
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.length).toBeLessThanOrEqual(20);
    });
  });

  describe("with an admin token", () => {
    it("answer 401 without a token, and change nothing", async () => {
      h = await startHarness({ adminToken: "s3cret" });
      const res = await request(h.url).post("/v1/peers").send({ endpoint: "peer1:7051" }).expect(401);
      assertMatches(apiErrorSchema, res.body);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
      await request(h.url).put("/logspec").send({ spec: "debug" }).expect(401);
      expect(h.node.connectCalls).toEqual([]);
      expect(h.logger.level).toBe("info");
    });

    it("answer 401 with a wrong token or another scheme", async () => {
      h = await startHarness({ adminToken: "s3cret" });
      for (const authorization of ["Bearer wrong", "Bearer s3cret2", "Basic czNjcmV0", "s3cret"]) {
        const res = await request(h.url)
          .post("/v1/peers")
          .set("authorization", authorization)
          .send({ endpoint: "peer1:7051" })
          .expect(401);
        expect(res.body.error).toBe("Unauthorized");
      }
      expect(h.node.connectCalls).toEqual([]);
    });

    it("act with the right token", async () => {
      h = await startHarness({ adminToken: "s3cret" });
      await request(h.url)
        .post("/v1/peers")
        .set("authorization", "Bearer s3cret")
        .send({ endpoint: "peer1:7051" })
        .expect(202);
      await request(h.url)
        .put("/logspec")
        .set("authorization", "Bearer s3cret")
        .send({ spec: "warn" })
        .expect(204);
      expect(h.node.connectCalls).toEqual(["peer1:7051"]);
      expect(h.logger.level).toBe("warn");
    });

    it("check the token before the body: an unauthenticated bad body is 401, not 400", async () => {
      h = await startHarness({ adminToken: "s3cret" });
      await request(h.url).post("/v1/peers").send({ endpoint: "nope" }).expect(401);
    });

    it("leave reads open", async () => {
      h = await startHarness({ adminToken: "s3cret" });
      await request(h.url).get("/v1/members").expect(200);
      await request(h.url).get("/logspec").expect(200);
      await request(h.url).get("/healthz").expect(200);
      await request(h.url).get("/metrics").expect(200);
    });
  });

  describe("beyond loopback without a token", () => {
    // The policy is decided from the configured address; the app is driven in-process, so
    // nothing listens beyond loopback in the test.
    async function appBeyondLoopback() {
      const node = new FakeNodeView();
      const { logger, lines } = capturingLogger();
      const app = await createAdminApp({
        node,
        logger,
        listenAddress: "0.0.0.0:9443",
        version: { version: "1", commitSha: "x" },
      });
      await app.ready();
      return { app, node, logger, lines };
    }

    it("are refused with 403 saying why", async () => {
      const { app, node, logger } = await appBeyondLoopback();
      try {
        const connect = await app.inject({
          method: "POST",
          url: "/v1/peers",
          payload: { endpoint: "peer1:7051" },
        });
        expect(connect.statusCode).toBe(403);
        assertMatches(apiErrorSchema, connect.json());
        expect(connect.json().message).toMatch(/beyond loopback.*no admin token/);
        const logspec = await app.inject({ method: "PUT", url: "/logspec", payload: { spec: "debug" } });
        expect(logspec.statusCode).toBe(403);
        expect(node.connectCalls).toEqual([]);
        expect(logger.level).toBe("info");
        // Reads stay open.
        expect((await app.inject({ method: "GET", url: "/v1/peers" })).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });

    it("are refused even with a bearer header, since no token exists to match", async () => {
      const { app } = await appBeyondLoopback();
      try {
        const res = await app.inject({
          method: "POST",
          url: "/v1/peers",
          headers: { authorization: "Bearer anything" },
          payload: { endpoint: "peer1:7051" },
        });
        expect(res.statusCode).toBe(403);
      } finally {
        await app.close();
      }
    });

    it("warns at start-up why mutating routes are refused", async () => {
      const { app, lines } = await appBeyondLoopback();
      await app.close();
      const warning = lines.find((l) => l.level === 40 && l.module === "admin");
      expect(warning?.msg).toMatch(/0\.0\.0\.0.*beyond loopback.*no admin token.*refused/);
    });

    it("does not warn on loopback or with a token", async () => {
      for (const options of [
        { listenAddress: "127.0.0.1:0" },
        { listenAddress: "0.0.0.0:9443", adminToken: "t" },
      ]) {
        const { logger, lines } = capturingLogger();
        const app = await createAdminApp({
          node: new FakeNodeView(),
          logger,
          version: { version: "1", commitSha: "x" },
          ...options,
        });
        await app.close();
        expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      }
    });
  });
});
