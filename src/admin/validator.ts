// Request validation with Fastify's own Ajv compiler, set up when a request first needs it
// instead of before the server listens: building the Ajv instance (shared schemas, formats,
// the draft-07 meta-schema) and every route's validators was the largest part of the admin
// server's start-up left after bundling (bench/RESULTS.md, issue 8 round two). Validation is unchanged.
import AjvCompiler from "@fastify/ajv-compiler";

type BuildCompiler = AjvCompiler.BuildCompilerFromPool;
/** What Fastify hands a validator compiler for one part of one route. */
type RouteDefinition = AjvCompiler.RouteDefinition;

interface Validate {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown;
  schemaEnv?: unknown;
}

/** Fastify's validator factory (schemaController.compilersFactory.buildValidator). */
export function lazyValidatorBuilder(): BuildCompiler {
  const build = AjvCompiler();
  const factory = (externalSchemas: Parameters<BuildCompiler>[0], options: Parameters<BuildCompiler>[1]) => {
    let compile: ((route: RouteDefinition) => Validate) | undefined;
    return (route: RouteDefinition): Validate => {
      let validate: Validate | undefined;
      const lazy: Validate = (data, context) => {
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
