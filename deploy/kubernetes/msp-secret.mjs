#!/usr/bin/env node
// Writes the MSP Secret the StatefulSet reads (JSON, which kubectl applies like YAML):
// the MSP folder of pod ordinal i becomes keys "peer-<i>__<dir>__<file>" ("__" for "/",
// which Secret keys cannot contain); the pod's init container turns them back into files.
//
//   node deploy/kubernetes/msp-secret.mjs --crypto ./crypto > msp-secret.json
//       `fabric-gossip-node certs --out ./crypto --peers N` output: peers/peer<i>.<org>/msp
//   node deploy/kubernetes/msp-secret.mjs path/to/msp-of-pod-0 path/to/msp-of-pod-1 ...
//       any MSP folders (Fabric CA, cryptogen), in pod ordinal order
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseArgs } from "node:util";

const USAGE = "usage: msp-secret.mjs [--name NAME] (--crypto DIR | MSP_DIR...)";
// Kubernetes refuses a Secret over 1 MiB; leave room for the object around the data.
const MAX_BYTES = 1_000_000;
const KEY = /^[-._a-zA-Z0-9]+$/;

function fail(message) {
  process.stderr.write(`msp-secret: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Every regular file under dir, as paths relative to it (symlinks followed, as kubectl does). */
function filesUnder(dir) {
  const out = [];
  const walk = (at) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else if (info.isFile()) out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

/** MSP folders of `certs` output, peer0 first, stopping at the first missing ordinal. */
function cryptoMspDirs(cryptoDir) {
  const peersDir = join(cryptoDir, "peers");
  let names;
  try {
    names = readdirSync(peersDir);
  } catch {
    fail(`${peersDir} not found: is ${cryptoDir} the --out folder of \`fabric-gossip-node certs\`?`);
  }
  const dirs = [];
  for (let i = 0; ; i++) {
    const name = names.find((n) => n.startsWith(`peer${i}.`));
    if (name === undefined) break;
    dirs.push(join(peersDir, name, "msp"));
  }
  if (dirs.length === 0) fail(`no peer0.<org> folder under ${peersDir}`);
  return dirs;
}

function secretFor(mspDirs, name) {
  const data = {};
  let bytes = 0;
  mspDirs.forEach((dir, ordinal) => {
    const files = filesUnder(dir);
    if (
      !files.some((f) => f.startsWith(`signcerts${sep}`)) ||
      !files.some((f) => f.startsWith(`keystore${sep}`))
    )
      fail(`${dir} is not a local MSP: it needs signcerts/ and keystore/`);
    for (const file of files) {
      const parts = file.split(sep);
      const key = `peer-${ordinal}__${parts.join("__")}`;
      if (parts.some((p) => p.includes("__")) || !KEY.test(key))
        fail(
          `${join(dir, file)}: the name cannot become a Secret key (letters, digits, "-", "." and "_", no "__")`,
        );
      const content = readFileSync(join(dir, file));
      bytes += content.length;
      data[key] = content.toString("base64");
    }
  });
  if (bytes > MAX_BYTES) fail(`${bytes} bytes of MSP material is over a Secret's 1 MiB limit`);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, labels: { "app.kubernetes.io/name": "fabric-gossip-node" } },
    type: "Opaque",
    data,
  };
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      crypto: { type: "string" },
      name: { type: "string", default: "fabric-gossip-node-msp" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (err) {
  fail(err.message);
}
if (args.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const { crypto, name } = args.values;
if ((crypto === undefined) === (args.positionals.length === 0))
  fail("give either --crypto DIR or MSP folders");
const dirs = crypto === undefined ? args.positionals : cryptoMspDirs(crypto);
const secret = secretFor(dirs, name);
process.stdout.write(`${JSON.stringify(secret, null, 2)}\n`);
process.stderr.write(
  `msp-secret: ${name} holds the MSPs of ${dirs.length} pods (ordinals 0..${dirs.length - 1})\n`,
);
