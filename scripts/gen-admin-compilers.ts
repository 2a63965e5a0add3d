// Writes the admin API's generated validators and serializers (src/admin/precompiled.ts): run by
// the build and before the tests, through scripts/generate-admin.mjs.
import { existsSync, writeFileSync } from "node:fs";

const GENERATED_FILE = "src/admin/generated/compilers.cjs";
// The admin server imports the generated file: an empty one lets a first generation load it.
if (!existsSync(GENERATED_FILE))
  writeFileSync(GENERATED_FILE, "exports.validators = {};\nexports.serializers = {};\n");
const { generateAdminCompilers } = await import("./admin-compilers.js");
writeFileSync(GENERATED_FILE, await generateAdminCompilers());
console.log(`wrote ${GENERATED_FILE}`);
