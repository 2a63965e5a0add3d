// Regenerates the static protobufjs bindings (JavaScript + .d.ts) from proto/.
// The output is committed, so a clean clone builds without running this. Then each oneof's
// setter is swapped for src/protocol/oneof-setter.ts's (why: see there).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const out = "src/protocol/generated/wire.js";
mkdirSync("src/protocol/generated", { recursive: true });
execFileSync(
  "npx",
  [
    "pbjs",
    "-t",
    "static-module",
    "-w",
    "esm",
    "--dependency",
    "protobufjs/minimal.js",
    "--no-beautify",
    "--no-typeurl",
    "--no-delimited",
    "--no-verify",
    "--no-convert",
    "--force-long",
    "-d",
    "-o",
    out,
    "proto/gossip/message.proto",
    "proto/msp/identities.proto",
  ],
  { stdio: "inherit" },
);

const PROTOBUF_IMPORT = 'import $protobuf from "protobufjs/minimal.js";\n';
const generated = readFileSync(out, "utf8");
if (!generated.includes(PROTOBUF_IMPORT)) throw new Error(`${out}: pbjs's import line not found`);
writeFileSync(
  out,
  generated
    .replace(PROTOBUF_IMPORT, `${PROTOBUF_IMPORT}import { oneOfSetter } from "../oneof-setter.js";\n`)
    .replaceAll("set: $util.oneOfSetter($oneOfFields)", "set: oneOfSetter($oneOfFields)"),
);
