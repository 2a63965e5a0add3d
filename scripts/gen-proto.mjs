// Regenerates the static protobufjs bindings (JavaScript + .d.ts) from proto/.
// The output is committed, so a clean clone builds without running this.
//
// One edit follows pbjs: a oneof's setter. protobufjs's deletes every other field of the oneof,
// present or not (GossipMessage has ten), and decode sets the oneof once per message: ten
// `delete`s with a changing key, ~0.5 µs per GossipMessage decoded. Ours deletes only the other
// fields the message holds as its own, which are what protobufjs's deletes remove, so a message
// that carries two of a oneof's fields still keeps only the last, as before.
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

const ONE_OF_SETTER = `
// A oneof's setter that deletes only the other fields the message holds (see scripts/gen-proto.mjs).
const $oneOfSetter = (fieldNames) => {
    const isField = $Object.create(null);
    for (const name of fieldNames) isField[name] = 1;
    return function (name) {
        const keys = $Object.keys(this);
        for (let i = 0; i < keys.length; ++i)
            if (keys[i] !== name && isField[keys[i]] === 1)
                delete this[keys[i]];
    };
};
`;
const ALIASES = "$RangeError = $util.global.RangeError;\n";
const generated = readFileSync(out, "utf8");
if (!generated.includes(ALIASES)) throw new Error(`${out}: pbjs's aliases line not found`);
writeFileSync(
  out,
  generated
    .replace(ALIASES, `${ALIASES}${ONE_OF_SETTER}`)
    .replaceAll("set: $util.oneOfSetter($oneOfFields)", "set: $oneOfSetter($oneOfFields)"),
);
