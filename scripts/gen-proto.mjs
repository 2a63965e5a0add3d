// Regenerates the static protobufjs bindings (JavaScript + .d.ts) from proto/.
// The output is committed, so a clean clone builds without running this.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

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
