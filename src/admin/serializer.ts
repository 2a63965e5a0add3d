// Response serialisation: fast-json-stringify, as Fastify's default, told which
// strings need no JSON escaping. Strings a schema marks "x-trusted" are written
// by this node itself (hex PKI-IDs, decimal uint64s, enum values, RFC 3339
// times) and can hold no quote, backslash or control character; escaping them
// is most of the cost of a 1,000-member view. Strings that come from the
// network or a certificate (endpoints, MSP IDs, messages) are never marked.
import fastJsonStringify, { type Options } from "fast-json-stringify";

/** The schema fast-json-stringify compiles: x-trusted strings written as they are. */
function unescaped(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(unescaped);
  if (typeof schema !== "object" || schema === null) return schema;
  const record = schema as Record<string, unknown>;
  if (record["x-trusted"] === true && record.type === "string") return { ...record, format: "unsafe" };
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, unescaped(value)]));
}

type Schemas = Record<string, unknown>;

/**
 * The shared schemas that `schema` refers to, directly or through one another: all that
 * fast-json-stringify needs to compile it. It checks every schema it is given against the
 * draft-07 meta-schema on every compile, so handing it all of them made the first GET /v1/self,
 * which refers to none, cost about 10 ms instead of 4 (bench/RESULTS.md, issue 8 round five).
 */
export function referencedSchemas(schema: unknown, shared: Schemas): Schemas {
  const needed: Schemas = {};
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const id = key === "$ref" && typeof value === "string" ? value.split("#")[0] : undefined;
      if (id === undefined) visit(value);
      else if (id in shared && !(id in needed)) {
        needed[id] = shared[id];
        visit(shared[id]);
      }
    }
  };
  visit(schema);
  return needed;
}

/**
 * Fastify's serializer factory (schemaController.compilersFactory.buildSerializer). Fastify asks
 * for every route's serializers before the server listens; each is compiled on its first
 * response instead, which takes about a tenth of a start's CPU off the time to the first
 * admin answer (bench/RESULTS.md, issue 8 round two).
 */
export function buildSerializer(externalSchemas?: unknown, options?: Options) {
  const schemas = unescaped(externalSchemas ?? {}) as Schemas;
  return ({ schema }: { schema?: unknown }) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      if (serialize === undefined) {
        const own = unescaped(schema);
        serialize = fastJsonStringify(own as Parameters<typeof fastJsonStringify>[0], {
          ...options,
          schema: referencedSchemas(own, schemas) as Options["schema"],
        }) as (data: unknown) => string;
      }
      return serialize(data);
    };
  };
}
