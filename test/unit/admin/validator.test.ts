// Request validation with the build's validators (src/admin/precompiled.ts): a fresh server's first
// request that needs one answers exactly as later ones do (before round six of issue 8, the first
// one waited for Ajv to load and compile).
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./admin-test-kit.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.server.close();
});

describe("request validation on a fresh server and later", () => {
  it("answers an invalid query alike on a fresh server's first request and on later ones", async () => {
    const first = await request(h.url).get("/v1/members?state=suspect");
    const second = await request(h.url).get("/v1/members?state=suspect");
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ error: "Bad Request", field: "state" });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
  });

  it("answers an invalid body alike on a fresh server's first request and on later ones", async () => {
    const first = await request(h.url).post("/v1/peers").send({ endpoint: "a:1", force: true });
    const second = await request(h.url).post("/v1/peers").send({ endpoint: "a:1", force: true });
    expect(first.status).toBe(400);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
  });

  it("accepts a valid request that is the first to need the validator", async () => {
    const res = await request(h.url).get("/v1/members?state=alive");
    expect(res.status).toBe(200);
  });

  it("checks concurrent first requests each on its own data", async () => {
    const [bad, good] = await Promise.all([
      request(h.url).get("/v1/members?state=suspect"),
      request(h.url).get("/v1/members?state=dead"),
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("state");
    expect(good.status).toBe(200);
  });
});
