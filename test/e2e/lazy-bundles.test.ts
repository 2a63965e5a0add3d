// The packages the build bundles on their own, for a require() that runs only when first needed
// (scripts/build.mjs, LAZY_REQUIRES). A node rarely or never reaches those require()s, so no
// other test would notice a lazy bundle that does not load or lacks what its importer uses.
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../support/processes.js";

const LAZY_DIR = resolve("dist/cli/chunks/lazy");
const load = (name: string) => createRequire(join(LAZY_DIR, "x.cjs"))(`./${name}.cjs`);

beforeAll(async () => {
  await buildCli();
}, 180_000);

describe("the lazily required bundles", () => {
  it("are exactly the four the build points require()s at", async () => {
    const files = (await readdir(LAZY_DIR)).filter((f) => f.endsWith(".cjs")).sort();
    expect(files).toEqual([
      "fast-json-stringify-validator.cjs",
      "fastify-ajv-compiler.cjs",
      "light-my-request.cjs",
      "proto-loader.cjs",
    ]);
  });

  it("gives fast-json-stringify a Validator that validates, with its escapeRefForAjv", () => {
    const Validator = load("fast-json-stringify-validator");
    expect(Validator.escapeRefForAjv("#/definitions/a%20b")).toBe("#/definitions/a%2520b");
    const validator = new Validator();
    validator.addSchema({ type: "object", properties: { n: { type: "integer" } } }, "s");
    expect(validator.getSchemaValidator("s")({ n: 1 })).toBe(true);
    expect(validator.getSchemaValidator("s")({ n: "1" })).toBe(false);
  });

  it("gives grpc-js proto-loader's loadSync and Fastify light-my-request and its default compiler", () => {
    expect(typeof load("proto-loader").loadSync).toBe("function");
    expect(typeof load("light-my-request")).toBe("function");
    expect(typeof load("fastify-ajv-compiler")).toBe("function");
  });
});
