// The admin API's request validators and response serializers, compiled from the routes' schemas
// when the project is built (scripts/admin-compilers.ts writes src/admin/generated/compilers.cjs;
// the tests generate it first too) instead of on each server's first request: compiling them
// with Ajv and fast-json-stringify there cost ~30 ms of CPU per route family and loaded Ajv into
// every node that was ever queried (bench/RESULTS.md, issue 8 round six). Fastify asks these
// factories for every route's functions; each is built from its generated code on first use.
import type { FastifyServerOptions } from "fastify";
import generated from "./generated/compilers.cjs";

/** What Fastify hands a validator factory for one part of one route. */
interface ValidatorRoute {
  readonly method?: string;
  readonly url?: string;
  readonly httpPart?: string;
}

/** What Fastify hands a serializer factory for one response of one route. */
interface SerializerRoute {
  readonly method?: string;
  readonly url?: string;
  readonly httpStatus?: string;
  readonly contentType?: string;
}

export const validatorKey = ({ method, url, httpPart }: ValidatorRoute) => `${method} ${url} ${httpPart}`;

export const serializerKey = ({ method, url, httpStatus, contentType }: SerializerRoute) =>
  `${method} ${url} ${httpStatus}${contentType ? ` ${contentType}` : ""}`;

/** A route Fastify compiles for which the build generated nothing: the generated file is out of date. */
export class MissingPrecompiledError extends Error {
  readonly reason = "missing_precompiled";
  constructor(kind: string, key: string) {
    super(
      `no precompiled ${kind} for "${key}": build again (npm run build) to regenerate src/admin/generated`,
    );
  }
}

/** The generated function's factory; throws when Fastify asks for one the build did not generate. */
function factoryOf<F>(table: Readonly<Record<string, () => F>>, kind: string, key: string): () => F {
  const make = table[key];
  if (!make) throw new MissingPrecompiledError(kind, key);
  return make;
}

/** Fastify's validator factory (schemaController.compilersFactory.buildValidator). */
function buildValidator() {
  return (route: ValidatorRoute) => factoryOf(generated.validators, "validator", validatorKey(route))();
}

/** Fastify's serializer factory (schemaController.compilersFactory.buildSerializer): each built on its first response. */
function buildSerializer() {
  return (route: SerializerRoute) => {
    const make = factoryOf(generated.serializers, "serializer", serializerKey(route));
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      serialize ??= make();
      return serialize(data);
    };
  };
}

/** Fastify's schemaController.compilersFactory. */
export type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;

/**
 * The build's compilers. Fastify's types ask for Ajv's compiled functions; Fastify only calls a
 * validator and reads its `errors`, which Ajv's standalone code provides as well.
 */
export const precompiledCompilers = { buildValidator, buildSerializer } as unknown as CompilersFactory;
