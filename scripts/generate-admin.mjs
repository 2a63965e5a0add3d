// Generates the admin API's validators and serializers from the routes' schemas
// (scripts/gen-admin-compilers.ts, src/admin/precompiled.ts) with the Node that runs this: the
// build calls it, and so does vitest before any test imports them (its global set-up).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export default function generateAdminCompilers() {
  execFileSync(
    process.execPath,
    [createRequire(import.meta.url).resolve("tsx/cli"), "scripts/gen-admin-compilers.ts"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}
