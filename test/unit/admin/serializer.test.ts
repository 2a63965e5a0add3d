import fastJsonStringify from "fast-json-stringify";
import { describe, expect, it } from "vitest";
import { membersResponseSchema, SHARED_SCHEMAS, selfSchema } from "../../../src/admin/schemas.js";
import { buildSerializer, referencedSchemas } from "../../../src/admin/serializer.js";

const shared = Object.fromEntries(SHARED_SCHEMAS.map((schema) => [schema.$id, schema]));

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

describe("buildSerializer", () => {
  it("writes what fast-json-stringify writes with every shared schema at hand", () => {
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
    const ours = buildSerializer(shared)({ schema: membersResponseSchema });
    const reference = fastJsonStringify(membersResponseSchema as object, { schema: shared as never });
    expect(ours(members)).toBe(reference(members));
    expect(JSON.parse(ours(members))).toEqual(JSON.parse(reference(members)));
  });

  it("compiles a schema that refers to no shared schema, such as GET /v1/self's", () => {
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
    expect(JSON.parse(buildSerializer(shared)({ schema: selfSchema })(self))).toEqual(self);
  });
});
