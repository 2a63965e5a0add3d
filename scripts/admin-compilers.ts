// Generates src/admin/generated/compilers.cjs: the admin API's request validators (Ajv's
// standalone code) and response serializers (fast-json-stringify's standalone code), compiled
// from the routes' own schemas on an admin app that registers every route. Not committed: the
// build and the tests generate it with the Node they run on, since fast-json-stringify tunes its
// code (array fast paths) to the Node line.
import { StandaloneValidator } from "@fastify/ajv-compiler";
import fastJsonStringify, { type Options } from "fast-json-stringify";
import { pino } from "pino";
import { createAdminApp } from "../src/admin/admin-server.js";
import { type CompilersFactory, serializerKey, validatorKey } from "../src/admin/precompiled.js";
import type { NodeView } from "../src/node/node-view.js";

/**
 * Ajv's options for request validation: no coercion (["a:1"] is not an endpoint; no route takes
 * numbers from the query string), and an unknown field is rejected by name rather than silently
 * dropped. Schemas are checked against the draft-07 meta-schema here, once, not in every node.
 */
const AJV_OPTIONS = { coerceTypes: false, removeAdditional: false };

/**
 * The schema fast-json-stringify compiles: strings a schema marks "x-trusted" are written by this
 * node itself (hex PKI-IDs, decimal uint64s, enum values, RFC 3339 times) and can hold no quote,
 * backslash or control character, so they are written without JSON escaping, which is most of
 * the cost of a 1,000-member view. Strings from the network or a certificate are never marked.
 */
export function unescaped(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(unescaped);
  if (typeof schema !== "object" || schema === null) return schema;
  const record = schema as Record<string, unknown>;
  if (record["x-trusted"] === true && record.type === "string") return { ...record, format: "unsafe" };
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, unescaped(value)]));
}

type Schemas = Record<string, unknown>;

/** The shared schemas that `schema` refers to, directly or through one another. */
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

/** Registering the routes reads nothing of the node; generating answers no request. */
const notAsked = new Proxy({} as NodeView, {
  get: (_target, property) => {
    throw new Error(`generating the admin compilers asked the node for ${String(property)}`);
  },
});

type Route = Parameters<typeof validatorKey>[0] & { schema: unknown };
type Response = Parameters<typeof serializerKey>[0] & { schema: unknown };

/** The module's text: every validator and serializer Fastify asked for, each in a factory. */
export async function generateAdminCompilers(): Promise<string> {
  const validators = new Map<string, string>();
  const serializers = new Map<string, string>();
  const recordValidators = StandaloneValidator({
    readMode: false,
    storeFunction: (route, code) => void validators.set(validatorKey(route as unknown as Route), code),
  });
  const buildValidator = (external: unknown) =>
    recordValidators(external as never, { customOptions: AJV_OPTIONS } as never);
  const buildSerializer = (external: unknown, options?: Options) => {
    const shared = unescaped(external ?? {}) as Schemas;
    return (route: Response) => {
      const own = unescaped(route.schema);
      const code = fastJsonStringify(own as Parameters<typeof fastJsonStringify>[0], {
        ...options,
        schema: referencedSchemas(own, shared) as Options["schema"],
        mode: "standalone",
        inlineValidators: true,
      }) as unknown as string;
      serializers.set(serializerKey(route), code);
      return () => "";
    };
  };
  const app = await createAdminApp(
    {
      node: notAsked,
      logger: pino({ level: "silent" }),
      listenAddress: "127.0.0.1:0",
      version: { version: "0.0.0", commitSha: "0000000" },
    },
    { buildValidator, buildSerializer } as unknown as CompilersFactory,
  );
  await app.ready();
  await app.close();
  return render(validators, serializers);
}

/**
 * Each distinct piece of code once, as a factory (the error serializers of 59 responses are one),
 * and two tables from Fastify's keys to those factories, sorted so the output is stable.
 */
function render(validators: Map<string, string>, serializers: Map<string, string>): string {
  const factories: string[] = [];
  const indexOf = new Map<string, number>();
  const table = (entries: Map<string, string>) =>
    [...entries]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, code]) => {
        let index = indexOf.get(code);
        if (index === undefined) {
          index = factories.push(code) - 1;
          indexOf.set(code, index);
        }
        return `  ${JSON.stringify(key)}: factories[${index}],`;
      })
      .join("\n");
  const tables = [
    `exports.validators = {\n${table(validators)}\n};`,
    `exports.serializers = {\n${table(serializers)}\n};`,
  ];
  const factoryList = factories
    .map(
      (code) =>
        `  () => {\n    const module = { exports: {} };\n${code.trim()}\n    return module.exports;\n  },`,
    )
    .join("\n");
  return [
    '"use strict";',
    "// Generated by scripts/admin-compilers.ts from the admin routes' schemas when the project is built.",
    `const factories = [\n${factoryList}\n];`,
    ...tables,
    "",
  ].join("\n");
}
