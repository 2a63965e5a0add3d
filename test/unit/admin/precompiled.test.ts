// The admin API's validators and serializers are generated from the routes' schemas by
// scripts/admin-compilers.ts (src/admin/generated/compilers.cjs, written by the build and by the
// tests' global set-up): its functions must answer as compiling them at run time did.
import fastJsonStringify from "fast-json-stringify";
import { describe, expect, it } from "vitest";
import { referencedSchemas } from "../../../scripts/admin-compilers.js";
import generated from "../../../src/admin/generated/compilers.cjs";
import { MissingPrecompiledError, precompiledCompilers } from "../../../src/admin/precompiled.js";
import { membersResponseSchema, SHARED_SCHEMAS, selfSchema } from "../../../src/admin/schemas.js";

const shared = Object.fromEntries(SHARED_SCHEMAS.map((schema) => [schema.$id, schema]));

describe("src/admin/generated/compilers.cjs", () => {
  it("serializes as fast-json-stringify does with every shared schema at hand", () => {
    const member = (n: number) => ({
      pki_id: `0${n}`,
      msp_id: "Org1MSP",
      endpoint: `peer${n}.org1.example.com:7051`,
      state: "alive",
      inc_num: "1700000000000000000",
      seq_num: `${n}`,
      last_seen: "2024-01-01T12:00:05.000Z",
      state_since: "2024-01-01T12:00:00.000Z",
      flaps: 0,
    });
    const members = { members: [member(1), member(2)] };
    const ours = generated.serializers["GET /v1/members 200"]?.() as (data: unknown) => string;
    const reference = fastJsonStringify(membersResponseSchema as object, { schema: shared as never });
    expect(ours(members)).toBe(reference(members));
  });

  it("serializes a response whose schema refers to no shared schema, such as GET /v1/self's", () => {
    const self = {
      pki_id: "ab",
      msp_id: "Org1MSP",
      endpoint: "a:1",
      internal_endpoint: "b:2",
      inc_num: "1",
      seq_num: "2",
      started_at: "2024-01-01T12:00:00.000Z",
      version: "1.2.3",
      gossip_tls: { enabled: true, client_auth_required: false },
    };
    const ours = generated.serializers["GET /v1/self 200"]?.() as (data: unknown) => string;
    expect(JSON.parse(ours(self))).toEqual(self);
    expect(ours(self)).toBe(fastJsonStringify(selfSchema as object)(self));
  });

  it("validates a request part, with Ajv's errors", () => {
    const validate = generated.validators["GET /v1/members querystring"]?.();
    expect(validate?.({ state: "alive" })).toBe(true);
    expect(validate?.({ state: "suspect" })).toBe(false);
    expect(validate?.errors).toMatchObject([{ instancePath: "/state", keyword: "enum" }]);
  });
});

describe("precompiledCompilers", () => {
  it("refuses a route the build generated nothing for, naming it and the command", () => {
    const { buildValidator, buildSerializer } = precompiledCompilers as unknown as {
      buildValidator: () => (route: object) => unknown;
      buildSerializer: () => (route: object) => unknown;
    };
    const route = { method: "GET", url: "/v1/nothing" };
    expect(() => buildValidator()({ ...route, httpPart: "querystring" })).toThrow(MissingPrecompiledError);
    expect(() => buildSerializer()({ ...route, httpStatus: "200" })).toThrow(
      /"GET \/v1\/nothing 200".*npm run build/,
    );
  });
});

describe("referencedSchemas", () => {
  const A = { $id: "A", type: "object", properties: { b: { $ref: "B#" } } };
  const B = { $id: "B", type: "object", properties: { c: { $ref: "C#/properties/x" } } };
  const C = { $id: "C", type: "object", properties: { x: { type: "string" } } };
  const D = { $id: "D", type: "string" };
  const all = { A, B, C, D };

  it("follows $refs through arrays and other shared schemas, and takes nothing else", () => {
    const schema = { type: "array", items: [{ $ref: "A#" }, { $ref: "#/definitions/local" }] };
    expect(referencedSchemas(schema, all)).toEqual({ A, B, C });
  });

  it("is empty for a schema without $refs", () => {
    expect(referencedSchemas({ type: "object", properties: { d: { type: "string" } } }, all)).toEqual({});
  });

  it("stops at a cycle", () => {
    const X = { $id: "X", properties: { y: { $ref: "Y#" } } };
    const Y = { $id: "Y", properties: { x: { $ref: "X#" } } };
    expect(referencedSchemas({ $ref: "X#" }, { X, Y })).toEqual({ X, Y });
  });
});
