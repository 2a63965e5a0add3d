import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  connectAcceptedSchema,
  errorSchema,
  healthSchema,
  memberSchema,
  membersResponseSchema,
  peersResponseSchema,
  readinessSchema,
  selfSchema,
  versionSchema,
} from "../../../src/admin/schemas.js";
import { fakeMember, fakePeer, fakePkiId } from "../../support/fake-node-view.js";
import { assertMatches, type Harness, startHarness } from "./admin-test-kit.js";

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.server.close();
});

describe("GET /v1/self", () => {
  it("describes this node with hex PKI-ID, MSP ID, endpoints, inc/seq numbers, start time and version", async () => {
    const res = await request(h.url).get("/v1/self").expect(200).expect("content-type", /json/);
    assertMatches(selfSchema, res.body);
    expect(res.body).toEqual({
      pki_id: fakePkiId(0xaa),
      msp_id: "Org1MSP",
      endpoint: "peer0.org1.example.com:7051",
      internal_endpoint: "peer0.org1.example.com:7051",
      inc_num: "1700000000000000000",
      seq_num: "7",
      started_at: "2024-01-01T12:00:00.000Z",
      version: "0.1.0-test",
    });
  });
});

describe("GET /v1/members", () => {
  beforeEach(() => {
    h.node.memberList = [
      fakeMember({
        pkiId: fakePkiId(1),
        endpoint: "b.org1:7051",
        mspId: "Org1MSP",
        internalEndpoint: "b:7051",
      }),
      fakeMember({ pkiId: fakePkiId(2), endpoint: "a.org2:7051", mspId: "Org2MSP", state: "dead" }),
      fakeMember({ pkiId: fakePkiId(3), endpoint: "c.org2:7051", mspId: "Org2MSP" }),
      fakeMember({ pkiId: fakePkiId(4), endpoint: "d.unknown:7051", mspId: undefined }),
    ];
  });

  it("lists the whole view, sorted by endpoint, in the member schema", async () => {
    const res = await request(h.url).get("/v1/members").expect(200);
    assertMatches(membersResponseSchema, res.body);
    expect(res.body.members.map((m: { endpoint: string }) => m.endpoint)).toEqual([
      "a.org2:7051",
      "b.org1:7051",
      "c.org2:7051",
      "d.unknown:7051",
    ]);
    expect(res.body.members[1]).toEqual({
      pki_id: fakePkiId(1),
      msp_id: "Org1MSP",
      endpoint: "b.org1:7051",
      internal_endpoint: "b:7051",
      state: "alive",
      inc_num: "1700000000000000000",
      seq_num: "42",
      last_seen: "2024-01-01T12:00:05.000Z",
      state_since: "2024-01-01T12:00:00.000Z",
    });
  });

  it("leaves out the internal endpoint and MSP ID when the node does not know them", async () => {
    const res = await request(h.url).get("/v1/members").expect(200);
    const unknown = res.body.members.find((m: { endpoint: string }) => m.endpoint === "d.unknown:7051");
    expect(unknown).not.toHaveProperty("msp_id");
    expect(unknown).not.toHaveProperty("internal_endpoint");
  });

  it("filters by state", async () => {
    const dead = await request(h.url).get("/v1/members?state=dead").expect(200);
    expect(dead.body.members.map((m: { pki_id: string }) => m.pki_id)).toEqual([fakePkiId(2)]);
    const alive = await request(h.url).get("/v1/members?state=alive").expect(200);
    expect(alive.body.members).toHaveLength(3);
  });

  it("filters by MSP ID, and by both", async () => {
    const org2 = await request(h.url).get("/v1/members?mspid=Org2MSP").expect(200);
    expect(org2.body.members.map((m: { pki_id: string }) => m.pki_id)).toEqual([fakePkiId(2), fakePkiId(3)]);
    const both = await request(h.url).get("/v1/members?mspid=Org2MSP&state=alive").expect(200);
    expect(both.body.members.map((m: { pki_id: string }) => m.pki_id)).toEqual([fakePkiId(3)]);
  });

  it("rejects an unknown state with a 400 naming the field", async () => {
    const res = await request(h.url).get("/v1/members?state=suspect").expect(400);
    assertMatches(errorSchema, res.body);
    expect(res.body).toMatchObject({ error: "Bad Request", field: "state" });
  });

  it("rejects a repeated filter with a 400 naming the field", async () => {
    const res = await request(h.url).get("/v1/members?state=alive&state=dead").expect(400);
    expect(res.body.field).toBe("state");
  });

  it("rejects an empty MSP ID filter", async () => {
    const res = await request(h.url).get("/v1/members?mspid=").expect(400);
    expect(res.body.field).toBe("mspid");
  });
});

describe("GET /v1/members/{pkiId}", () => {
  beforeEach(() => {
    h.node.memberList = [fakeMember({ pkiId: fakePkiId(0xab), endpoint: "x:7051" })];
  });

  it("returns the member", async () => {
    const res = await request(h.url)
      .get(`/v1/members/${fakePkiId(0xab)}`)
      .expect(200);
    assertMatches(memberSchema, res.body);
    expect(res.body.endpoint).toBe("x:7051");
  });

  it("matches the PKI-ID whatever its hex case", async () => {
    await request(h.url)
      .get(`/v1/members/${fakePkiId(0xab).toUpperCase()}`)
      .expect(200);
  });

  it("answers 404 for a member not in the view", async () => {
    const res = await request(h.url)
      .get(`/v1/members/${fakePkiId(0xcd)}`)
      .expect(404);
    assertMatches(errorSchema, res.body);
    expect(res.body.error).toBe("Not Found");
  });

  it.each([
    ["not hex", "xyz1"],
    ["an odd number of digits", "abc"],
    ["too long", "ab".repeat(65)],
  ])("rejects a PKI-ID that is %s with a 400 naming pkiId", async (_what, pkiId) => {
    const res = await request(h.url).get(`/v1/members/${pkiId}`).expect(400);
    assertMatches(errorSchema, res.body);
    expect(res.body.field).toBe("pkiId");
    expect(res.body.message).toMatch(/hex PKI-ID/);
  });
});

describe("GET /v1/peers", () => {
  it("explains each connection: state, attempts, last error with reason, last handshake, pending request", async () => {
    h.node.peerList = [
      fakePeer({
        endpoint: "boot.org1:7051",
        bootstrap: true,
        state: "awaiting_ack",
        attempts: 3,
        lastError: { reason: "timeout", message: "no membership response in 5s", at: Date.UTC(2024, 0, 1) },
        lastHandshakeAt: Date.UTC(2024, 0, 1, 0, 0, 1),
        pendingNonce: "18446744073709551615",
      }),
      fakePeer({
        endpoint: "a.org2:7051",
        bootstrap: false,
        state: "failed",
        pkiId: undefined,
        attempts: 1,
        lastHandshakeAt: undefined,
        lastError: { reason: "dial", message: "connect ECONNREFUSED", at: Date.UTC(2024, 0, 1) },
      }),
    ];
    const res = await request(h.url).get("/v1/peers").expect(200);
    assertMatches(peersResponseSchema, res.body);
    expect(res.body.peers).toEqual([
      {
        endpoint: "a.org2:7051",
        bootstrap: false,
        state: "failed",
        attempts: 1,
        last_error: { reason: "dial", message: "connect ECONNREFUSED", at: "2024-01-01T00:00:00.000Z" },
      },
      {
        endpoint: "boot.org1:7051",
        bootstrap: true,
        state: "awaiting_ack",
        pki_id: fakePkiId(1),
        attempts: 3,
        last_error: {
          reason: "timeout",
          message: "no membership response in 5s",
          at: "2024-01-01T00:00:00.000Z",
        },
        last_handshake_at: "2024-01-01T00:00:01.000Z",
        pending_nonce: "18446744073709551615",
      },
    ]);
  });
});

describe("POST /v1/peers", () => {
  it.each(["peer1.org1.example.com:7051", "127.0.0.1:7051", "[::1]:7051", "localhost:65535"])(
    "starts connecting to %s and answers 202",
    async (endpoint) => {
      const res = await request(h.url).post("/v1/peers").send({ endpoint }).expect(202);
      assertMatches(connectAcceptedSchema, res.body);
      expect(res.body).toEqual({ endpoint, status: "connecting" });
      expect(h.node.connectCalls).toEqual([endpoint]);
    },
  );

  it.each([
    ["no port", "peer1.org1.example.com"],
    ["port 0", "peer1:0"],
    ["a port out of range", "peer1:65536"],
    ["no host", ":7051"],
    ["a URL", "grpcs://peer1:7051"],
    ["spaces", "peer 1:7051"],
  ])("rejects an endpoint with %s with a 400 naming endpoint", async (_what, endpoint) => {
    const res = await request(h.url).post("/v1/peers").send({ endpoint }).expect(400);
    assertMatches(errorSchema, res.body);
    expect(res.body).toMatchObject({ error: "Bad Request", field: "endpoint" });
    expect(res.body.message).toMatch(/host:port/);
    expect(h.node.connectCalls).toEqual([]);
  });

  it("rejects a missing endpoint, naming it", async () => {
    const res = await request(h.url).post("/v1/peers").send({}).expect(400);
    expect(res.body.field).toBe("endpoint");
  });

  it("rejects an endpoint that is not a string", async () => {
    const res = await request(h.url)
      .post("/v1/peers")
      .send({ endpoint: ["a:1"] })
      .expect(400);
    expect(res.body.field).toBe("endpoint");
  });

  it("rejects a body that is not JSON with a 400, not a 500", async () => {
    const res = await request(h.url)
      .post("/v1/peers")
      .set("content-type", "application/json")
      .send("{endpoint:")
      .expect(400);
    expect(res.body).toMatchObject({ error: "Bad Request", field: "body" });
  });

  it("rejects an unknown body field by name instead of ignoring it", async () => {
    const res = await request(h.url).post("/v1/peers").send({ endpoint: "a:1", force: true }).expect(400);
    expect(res.body.field).toBe("force");
    expect(h.node.connectCalls).toEqual([]);
  });

  it("rejects a request without a body", async () => {
    const res = await request(h.url).post("/v1/peers").expect(400);
    expect(res.body.error).toBe("Bad Request");
  });

  it("rejects a body that is not a JSON object, naming body", async () => {
    const res = await request(h.url)
      .post("/v1/peers")
      .set("content-type", "text/plain")
      .send("peer1:7051")
      .expect(400);
    expect(res.body.field).toBe("body");
  });

  it("answers 400 naming endpoint when the node refuses it", async () => {
    h.node.connectError = new Error("that is this node's own endpoint");
    const res = await request(h.url).post("/v1/peers").send({ endpoint: "self:7051" }).expect(400);
    expect(res.body).toMatchObject({ field: "endpoint", message: "that is this node's own endpoint" });
  });
});

describe("malformed URLs", () => {
  it("an undecodable path is a 400 naming url", async () => {
    const res = await request(h.url).get("/v1/members/%zz").expect(400);
    assertMatches(errorSchema, res.body);
    expect(res.body.field).toBe("url");
  });

  it("an absurdly long path parameter is a 4xx in the API's error shape", async () => {
    const res = await request(h.url).get(`/v1/members/${"ab".repeat(1000)}`);
    expect(res.status).toBe(414);
    assertMatches(errorSchema, res.body);
    expect(res.body.field).toBe("url");
  });

  it("an unknown query parameter is a 400 naming it", async () => {
    const res = await request(h.url).get("/v1/members?sate=alive").expect(400);
    expect(res.body.field).toBe("sate");
  });
});

describe("error bodies built from input", () => {
  // Anyone can send these; a body must not carry their input back unbounded.
  const long = "q".repeat(5_000);
  it.each([
    ["an unknown query parameter's name", "GET", `/v1/members?${long}=1`, undefined],
    ["an unknown body field's name", "POST", "/v1/peers", { endpoint: "a:1", [long]: 1 }],
    ["an unknown route's path", "GET", `/${long}`, undefined],
    ["an undecodable path", "GET", `/v1/members/%zz${long}`, undefined],
  ])("quote at most a clipped excerpt of %s", async (_what, method, url, payload) => {
    const res = await h.server.app.inject({ method: method as "GET" | "POST", url, payload });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const body = res.json();
    assertMatches(errorSchema, body);
    expect(body.message.length).toBeLessThanOrEqual(515);
    expect((body.field ?? "").length).toBeLessThanOrEqual(131);
    expect(res.body).not.toContain("q".repeat(129));
  });

  it("quote at most a clipped excerpt of the node's reason for refusing an endpoint", async () => {
    h.node.connectError = new Error(`cannot dial ${"z".repeat(5_000)}`);
    const res = await request(h.url).post("/v1/peers").send({ endpoint: "peer1:7051" }).expect(400);
    expect(res.body.field).toBe("endpoint");
    expect(res.body.message).toMatch(/^cannot dial z+\.\.\.$/);
    expect(res.body.message.length).toBeLessThanOrEqual(515);
  });
});

describe("unknown routes", () => {
  it.each([
    ["GET", "/nope"],
    ["GET", "/v1/member"],
    ["DELETE", "/v1/peers"],
    ["POST", "/healthz"],
  ])("%s %s is a JSON 404", async (method, path) => {
    const res = await request(h.url)[method.toLowerCase() as "get"](path).expect(404);
    assertMatches(errorSchema, res.body);
    expect(res.body.error).toBe("Not Found");
  });
});

describe("probes", () => {
  it("/healthz answers 200 in Fabric's shape when every check passes", async () => {
    const res = await request(h.url).get("/healthz").expect(200);
    assertMatches(healthSchema, res.body);
    expect(res.body.status).toBe("OK");
    expect(Date.parse(res.body.time)).not.toBeNaN();
    expect(res.body).not.toHaveProperty("failed_checks");
  });

  it("/healthz answers 503 with the failed checks as component and reason", async () => {
    h.node.failedChecks = ["gossip-server: not listening", "event-loop"];
    const res = await request(h.url).get("/healthz").expect(503);
    assertMatches(healthSchema, res.body);
    expect(res.body.status).toBe("Service Unavailable");
    expect(res.body.failed_checks).toEqual([
      { component: "gossip-server", reason: "not listening" },
      { component: "event-loop", reason: "event-loop check failed" },
    ]);
  });

  it("/readyz answers 503 with the reasons, then 200 once the node is ready", async () => {
    h.node.readinessState = {
      ready: false,
      reasons: ["no bootstrap peer has acked a membership request (peer1:7051: timeout)"],
    };
    const notReady = await request(h.url).get("/readyz").expect(503);
    assertMatches(readinessSchema, notReady.body);
    expect(notReady.body).toMatchObject({
      status: "Service Unavailable",
      reasons: ["no bootstrap peer has acked a membership request (peer1:7051: timeout)"],
    });

    h.node.readinessState = { ready: true, reasons: [] };
    const ready = await request(h.url).get("/readyz").expect(200);
    assertMatches(readinessSchema, ready.body);
    expect(ready.body.status).toBe("OK");
    expect(ready.body).not.toHaveProperty("reasons");
  });

  it("/version answers Fabric's shape", async () => {
    const res = await request(h.url).get("/version").expect(200);
    assertMatches(versionSchema, res.body);
    expect(res.body).toEqual({ Version: "1.2.3", CommitSHA: "0123abc" });
  });
});

describe("GET /metrics", () => {
  it("serves the node's registry in the Prometheus text format", async () => {
    h.node.metrics.membershipEvents.inc({ kind: "joined" }, 3);
    const res = await request(h.url).get("/metrics").expect(200);
    expect(res.headers["content-type"]).toBe(h.node.metrics.registry.contentType);
    expect(res.text).toContain("# TYPE gossip_membership_events_total counter");
    expect(res.text).toContain('gossip_membership_events_total{kind="joined"} 3');
    expect(res.text).toContain("gossip_comm_messages_sent 0");
  });
});

describe("GET /openapi.json", () => {
  it("documents every route with its schemas and the bearer scheme", async () => {
    const res = await request(h.url).get("/openapi.json").expect(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        "GET /v1/self",
        "GET /v1/members",
        "GET /v1/members/{pkiId}",
        "GET /v1/peers",
        "POST /v1/peers",
        "GET /v1/events",
        "GET /healthz",
        "GET /readyz",
        "GET /version",
        "GET /logspec",
        "PUT /logspec",
        "GET /metrics",
        "GET /openapi.json",
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/v1/peers"]?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/v1/members/{pkiId}"]?.get?.responses).toHaveProperty("404");
    expect(doc.paths["/readyz"]?.get?.responses).toHaveProperty("503");
  });
});
