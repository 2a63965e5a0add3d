// The packages the build bundles on their own, for a require() that runs only when first needed
// (scripts/build.mjs, LAZY_REQUIRES). A node rarely or never reaches those require()s, so no
// other test would notice a lazy bundle that does not load or lacks what its importer uses.
import { readdir, readFile } from "node:fs/promises";
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

describe("the built chunks", () => {
  // Node 24 keeps a module's source outside V8's heap at two bytes a character as soon as the
  // file holds one non-ASCII character (README, "How the CLI is built and launched").
  it("are ASCII only, licence texts left in *.LEGAL.txt beside them", async () => {
    const dir = resolve("dist/cli");
    const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(c?js)$/.test(f));
    expect(files.length).toBeGreaterThan(4);
    const nonAscii: string[] = [];
    for (const file of files) {
      if ((await readFile(join(dir, file))).some((byte) => byte > 0x7f)) nonAscii.push(file);
    }
    expect(nonAscii).toEqual([]);
  });
});
