// Request validation with Fastify's own Ajv compiler, set up when a request first needs it
// instead of before the server listens: building the Ajv instance (shared schemas, formats,
// the draft-07 meta-schema) and every route's validators was the largest part of the admin
// server's start-up left after bundling (bench/RESULTS.md, issue 8 round two). The compiler's
// module (and Ajv with it) is loaded then too: loading it was about 10 ms of every start
// (bench/RESULTS.md, issue 8 round five). Validation is unchanged.
import type AjvCompiler from "@fastify/ajv-compiler";

type BuildCompiler = AjvCompiler.BuildCompilerFromPool;
/** What Fastify hands a validator compiler for one part of one route. */
type RouteDefinition = AjvCompiler.RouteDefinition;

interface Validate {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown;
  schemaEnv?: unknown;
}

/**
 * Fastify's validator factory (schemaController.compilersFactory.buildValidator). A request that
 * arrives before the compiler's module has loaded gets a promise, which Fastify awaits (its
 * support for asynchronous validators): it settles as the same check run once the module is there,
 * with the same errors. Every later request is checked synchronously, as before.
 */
export function lazyValidatorBuilder(): BuildCompiler {
  let build: BuildCompiler | undefined;
  let loading: Promise<unknown> | undefined;
  const load = () =>
    (loading ??= import("@fastify/ajv-compiler").then((module) => {
      build = module.default();
    }));
  const factory = (externalSchemas: Parameters<BuildCompiler>[0], options: Parameters<BuildCompiler>[1]) => {
    let compile: ((route: RouteDefinition) => Validate) | undefined;
    return (route: RouteDefinition): Validate => {
      let validate: Validate | undefined;
      const lazy: Validate = (data, context) => {
        if (build === undefined)
          return load()
            .then(() => lazy(data, context))
            .catch(thrownByValidator);
        compile ??= build(externalSchemas, options) as unknown as (route: RouteDefinition) => Validate;
        validate ??= compile(route);
        const result = validate(data, context);
        lazy.errors = validate.errors;
        return result;
      };
      // Fastify passes the request as the parent of the data only to an Ajv function, which
      // it knows by this property; Ajv needs it to replace a coerced or defaulted root value.
      lazy.schemaEnv = true;
      return lazy;
    };
  };
  return factory as unknown as BuildCompiler;
}

/** A failure to load or compile answers 500, as Fastify answers a validator that throws, not 400. */
function thrownByValidator(err: unknown): never {
  if (err instanceof Error) Object.assign(err, { statusCode: 500 });
  throw err;
}
