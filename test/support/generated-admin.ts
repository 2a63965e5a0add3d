// Vitest's global set-up: the admin API's validators and serializers are generated from the
// routes' schemas (src/admin/precompiled.ts), as the build does, before any test imports them.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export default function generateAdminCompilers(): void {
  execFileSync(
    process.execPath,
    [createRequire(import.meta.url).resolve("tsx/cli"), "scripts/gen-admin-compilers.ts"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}
