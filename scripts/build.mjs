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
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";

const outdir = resolve(process.argv[2] ?? "dist");
const { version } = JSON.parse(readFileSync("package.json", "utf8"));

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

const { outputFiles } = await build({
  entryPoints: { "cli/main": "src/cli/main.ts" },
  outdir,
  write: false,
  bundle: true,
  splitting: true,
  chunkNames: "cli/chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
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
  // "ä" in a licence comment made a 1.2 MB chunk cost 2.4 MB in every process (bench/notes-node24.md).
  legalComments: "external",
  define: { FGN_PACKAGE_VERSION: JSON.stringify(version) },
  // CommonJS dependencies bundled into ESM still call require() (protobufjs looks up `long` so).
  banner: {
    js: 'import { createRequire as fgnCreateRequire } from "node:module";\nconst require = fgnCreateRequire(import.meta.url);',
  },
  plugins: [builtinsAsCommonJs],
  logLevel: "warning",
});

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
