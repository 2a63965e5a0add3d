// `npm run build [-- OUTDIR]`: bundles the CLI with esbuild into OUTDIR (default dist/):
// cli/main.js, the bin, and cli/chunks/*.js, loaded when first imported (each command, the
// OpenTelemetry SDK). One bundle instead of the 726 files a `start` used to read halves a
// start's CPU (bench/RESULTS.md): resolving, reading and compiling each file was most of it. Types are
// checked by `npm run typecheck` (tsc --noEmit); esbuild only strips them.

import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import generateAdminCompilers from "./generate-admin.mjs";

const outdir = resolve(process.argv[2] ?? "dist");
const { version } = JSON.parse(readFileSync("package.json", "utf8"));

// The admin API's validators and serializers, generated from the routes' schemas by the Node
// that builds (fast-json-stringify tunes its code to the Node line): src/admin/precompiled.ts.
generateAdminCompilers();

/**
 * `import { x } from "node:crypto"` in an ES module makes Node build an ES-module facade of the
 * built-in, which reads every export once, and so loads what the built-in keeps lazy (crypto's
 * webcrypto, net's BlockList, util's AbortController, ...). This plugin turns each static import of
 * a built-in into a CommonJS module of the bundle whose exports are the built-in itself, as a
 * require() would give them: the same objects, read only when used (bench/RESULTS.md, "Issue 8, round three").
 */
const builtinsAsCommonJs = {
  name: "builtins-as-commonjs",
  setup(pluginBuild) {
    const names = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    pluginBuild.onResolve({ filter: /^[a-z_/0-9:]+$/ }, (args) =>
      args.kind === "import-statement" && names.has(args.path)
        ? { path: args.path.replace(/^(node:)?/, "node:"), namespace: "builtin" }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

/**
 * fast-json-stringify requires its Ajv-based Validator when it is imported, and so loads Ajv, its
 * formats and fast-uri into every `start` (about 10 ms of CPU; bench/RESULTS.md, issue 8 round
 * five), but uses it only to serialise schemas with anyOf, oneOf or if/then/else, which no admin
 * API response has. This plugin defers that one require to the Validator's first use: the same module, the same
 * objects. A fast-json-stringify whose index no longer has the line fails the build, so an upgrade
 * is looked at rather than silently left eager.
 */
const EAGER_VALIDATOR = "const Validator = require('./lib/validator')\n";
// One line for the one it replaces: the source map's lines of the rest of the file stay right.
const LAZY_VALIDATOR = [
  "let loadedValidator;",
  "const loadValidator = () => (loadedValidator ??= require('./lib/validator'));",
  "function Validator (...args) { return new (loadValidator())(...args) }",
  "Validator.escapeRefForAjv = (ref) => loadValidator().escapeRefForAjv(ref)\n",
].join(" ");
const lazyFastJsonStringifyValidator = {
  name: "lazy-fast-json-stringify-validator",
  setup(pluginBuild) {
    pluginBuild.onLoad(
      { filter: /[\\/]node_modules[\\/]fast-json-stringify[\\/]index\.js$/ },
      async (args) => {
        const source = await readFile(args.path, "utf8");
        if (source.split(EAGER_VALIDATOR).length !== 2) {
          throw new Error(`${args.path} no longer requires ./lib/validator as scripts/build.mjs expects`);
        }
        return {
          contents: source.replace(EAGER_VALIDATOR, LAZY_VALIDATOR),
          loader: "js",
          resolveDir: dirname(args.path),
        };
      },
    );
  },
};

/**
 * Code that a dependency require()s only inside a function a node rarely or never calls: grpc-js's
 * channelz and ORCA load @grpc/proto-loader (with its own protobufjs), Fastify's inject() loads
 * light-my-request, and Fastify's default validator compiler and fast-json-stringify's Validator
 * (above) load Ajv. Bundled in a chunk, V8
 * would parse that code at every start (a chunk is compiled whole when it loads; about 0.5 MB of
 * the 2.1 MB a start loaded). Each is bundled on its own instead, as cli/chunks/lazy/NAME.cjs,
 * and the require() reads that file when it runs: the same package, resolved at build time from
 * the very importer that asks for it, so nothing is looked up in node_modules at run time.
 */
const LAZY_REQUIRES = [
  { name: "proto-loader", request: "@grpc/proto-loader", importer: /[\\/]@grpc[\\/]grpc-js[\\/]/ },
  { name: "light-my-request", request: "light-my-request", importer: /[\\/]fastify[\\/]fastify\.js$/ },
  // Fastify's default validator compiler, unused: the admin server brings its own (src/admin/precompiled.ts).
  {
    name: "fastify-ajv-compiler",
    request: "@fastify/ajv-compiler",
    importer: /[\\/]fastify[\\/]lib[\\/]schema-controller\.js$/,
  },
  {
    name: "fast-json-stringify-validator",
    request: "./lib/validator",
    importer: /[\\/]fast-json-stringify[\\/]index\.js$/,
  },
  // ... and its standalone mode (unused here), which requires the same file.
  {
    name: "fast-json-stringify-validator",
    request: "./validator",
    importer: /[\\/]fast-json-stringify[\\/]lib[\\/]standalone\.js$/,
  },
];

/** Points each LAZY_REQUIRES require() at its own bundle; `entries` collects what to bundle (name → file). */
function lazyRequires(entries) {
  return {
    name: "lazy-requires",
    setup(pluginBuild) {
      for (const lazy of LAZY_REQUIRES) {
        const filter = new RegExp(`^${lazy.request.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);
        pluginBuild.onResolve({ filter }, async (args) => {
          const asked = args.kind === "require-call" && lazy.importer.test(args.importer);
          if (!asked || args.pluginData === "lazy") return undefined;
          const { resolveDir, kind } = args;
          const resolved = await pluginBuild.resolve(args.path, { resolveDir, kind, pluginData: "lazy" });
          if (resolved.errors.length > 0) return { errors: resolved.errors };
          entries.set(lazy.name, resolved.path);
          return { path: `./lazy/${lazy.name}.cjs`, external: true };
        });
      }
    },
  };
}

/** What both builds share: Node 20+, source maps, minified. */
const common = {
  outdir,
  write: false,
  bundle: true,
  platform: "node",
  target: "node20",
  // Stack traces name src/ files and lines with --enable-source-maps (README "How the CLI is built").
  sourcemap: "linked",
  sourcesContent: false,
  // V8 keeps each loaded chunk's source text in the heap for as long as the process runs (lazy
  // compilation reads it again): without whitespace, comments and redundant syntax the chunks a
  // `start` loads shrink from 3.4 to 2.1 MB. Names are kept, so stack traces still name functions;
  // their lines and columns point into long lines, which --enable-source-maps maps back to src/.
  minifyWhitespace: true,
  minifySyntax: true,
  // Licence comments go to chunks/*.LEGAL.txt beside their chunk, not into it. Node 24 holds a
  // chunk's source outside V8's heap, one byte a character only if the whole file is ASCII: one
  // non-ASCII letter in a licence comment made a 1.2 MB chunk cost 2.4 MB in every process
  // (bench/RESULTS.md, issue 8 round five).
  legalComments: "external",
  logLevel: "warning",
};

const lazyEntries = new Map();
const cli = await build({
  ...common,
  entryPoints: { "cli/main": "src/cli/main.ts" },
  splitting: true,
  chunkNames: "cli/chunks/[name]-[hash]",
  format: "esm",
  define: { FGN_PACKAGE_VERSION: JSON.stringify(version) },
  // CommonJS dependencies bundled into ESM still call require() (protobufjs looks up `long` so).
  banner: {
    js: 'import { createRequire as fgnCreateRequire } from "node:module";\nconst require = fgnCreateRequire(import.meta.url);',
  },
  plugins: [builtinsAsCommonJs, lazyFastJsonStringifyValidator, lazyRequires(lazyEntries)],
});
// The lazily required packages, one CommonJS file each (their own copies of what they share).
const lazy = await build({
  ...common,
  entryPoints: Object.fromEntries([...lazyEntries].map(([name, file]) => [`cli/chunks/lazy/${name}`, file])),
  outExtension: { ".js": ".cjs" },
  format: "cjs",
});
const outputFiles = [...cli.outputFiles, ...lazy.outputFiles];

// Each file is replaced whole (written beside, then renamed), and files of an earlier build are
// removed only afterwards: a CLI starting from OUTDIR meanwhile (the e2e tests) never reads half
// a file or misses one.
const bin = join(outdir, "cli/main.js");
const written = new Set();
for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(`${file.path}.tmp`, file.contents);
  if (file.path === bin) chmodSync(`${file.path}.tmp`, 0o755);
  renameSync(`${file.path}.tmp`, file.path);
  written.add(file.path);
}
const stale = readdirSync(outdir, { recursive: true, withFileTypes: true })
  .map((entry) => ({ path: join(entry.parentPath, entry.name), isFile: entry.isFile() }))
  .filter(({ path }) => !written.has(path))
  .sort((a, b) => b.path.length - a.path.length);
for (const { path, isFile } of stale) {
  if (isFile) rmSync(path);
  else if (readdirSync(path).length === 0) rmdirSync(path);
}
