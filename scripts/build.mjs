// `npm run build [-- OUTDIR]`: bundles the CLI with esbuild into OUTDIR (default dist/):
// cli/main.js, the bin, and cli/chunks/*.js, loaded when first imported (each command, the
// OpenTelemetry SDK). One bundle instead of the 726 files a `start` used to read cuts a
// start's CPU by 30-45 %: resolving, reading and compiling each file was most of it. Types are checked
// by `npm run typecheck` (tsc --noEmit); esbuild only strips them.
import { chmodSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const outdir = process.argv[2] ?? "dist";
const { version } = JSON.parse(readFileSync("package.json", "utf8"));

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { "cli/main": "src/cli/main.ts" },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: "cli/chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  // Stack traces name src/ files and lines with --enable-source-maps (README "Building").
  sourcemap: "linked",
  sourcesContent: false,
  define: { FGN_PACKAGE_VERSION: JSON.stringify(version) },
  // CommonJS dependencies bundled into ESM still call require() (protobufjs looks up `long` so).
  banner: {
    js: 'import { createRequire as fgnCreateRequire } from "node:module";\nconst require = fgnCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});
chmodSync(join(outdir, "cli/main.js"), 0o755);
