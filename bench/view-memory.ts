// RSS of one process holding a view of 10,000 members. The members' alive messages
// (certificates attached) are built here and written to a file; a separate process
// (view-memory-child.ts) learns them and reports its own RSS, so nothing of the
// issuing (keys, CA work) is counted. The child is bundled with esbuild and run on plain
// node with the flag of the CLI's #! line, as a `start` process runs: under tsx it
// carried ~30 MB of tsx and TypeScript's loader that no node holds.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { createSigningIdentity } from "../src/identity/index.js";
import { gossip } from "../src/protocol/generated/wire.js";
import { makeOrg } from "../test/support/identities.js";
import { shebangCommand } from "./cluster/launch.js";
import { endpointOf, wireAlive } from "./discovery-hot-path.js";
import type { Benchmark, Result } from "./harness.js";
import type { MemoryFigures, ViewFile } from "./view-memory-child.js";

const VIEW_MEMBERS = 10_000;
const ISSUE_BATCH = 250;
const CHILD_TIMEOUT_MS = 300_000;

/** The node flags and env assignments of the CLI's #! line (src/cli/main.ts): a `start` process runs with them. */
async function startShebang() {
  const source = await readFile(new URL("../src/cli/main.ts", import.meta.url), "utf8");
  return shebangCommand(source.slice(0, source.indexOf("\n")));
}

interface ChildReport {
  readonly members: number;
  readonly learned: number;
  readonly before: MemoryFigures;
  readonly after: MemoryFigures;
}

/** Bundles view-memory-child.ts into `dir` as the CLI is bundled (ESM, node20); returns the file. */
async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, "view-memory-child.mjs");
  await build({
    entryPoints: [new URL("./view-memory-child.ts", import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS dependencies bundled into ESM still call require() (protobufjs looks up `long` so).
    banner: {
      js: 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  return outfile;
}

/** Writes the view's JSON to `path` and its envelopes, length-prefixed, to `envelopesPath`. */
async function writeView(path: string, envelopesPath: string, members: number): Promise<void> {
  const org = await makeOrg("Org1MSP");
  const issue = async (i: number) => {
    const cert = await org.issue({ cn: `view-peer${i}.${org.domain}`, ou: "peer" });
    return { cert, signer: createSigningIdentity(org.mspId, cert.certPem, cert.keyPem) };
  };
  const envelopes: Buffer[] = [];
  for (let start = 0; start < members; start += ISSUE_BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(ISSUE_BATCH, members - start) }, (_, i) => issue(start + i)),
    );
    for (const [i, { signer }] of batch.entries()) {
      const { envelope } = wireAlive(signer, endpointOf(start + i), 1n, true);
      const bytes = gossip.Envelope.encode(envelope).finish();
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      envelopes.push(length, Buffer.from(bytes));
    }
  }
  const self = (await issue(members)).cert;
  const file: ViewFile = {
    mspId: org.mspId,
    caPem: org.caCertPem,
    nodeOUs: org.trust.nodeOUs,
    self: { certPem: self.certPem, keyPem: self.keyPem },
  };
  await writeFile(path, JSON.stringify(file));
  await writeFile(envelopesPath, Buffer.concat(envelopes));
}

/** RSS that is neither V8's heap nor external memory: OpenSSL objects (a KeyObject per identity), malloc's free lists, code. */
const nativeMB = (m: MemoryFigures) => m.rssMB - m.heapTotalMB - m.externalMB;

export const viewMemoryBenchmark: Benchmark = {
  name: "memory",
  cases: [
    {
      name: `RSS of one process holding ${VIEW_MEMBERS} members`,
      async run(): Promise<Result[]> {
        const dir = await mkdtemp(join(tmpdir(), "fgn-bench-view-"));
        try {
          const path = join(dir, "view.json");
          const envelopesPath = join(dir, "view.envelopes");
          await writeView(path, envelopesPath, VIEW_MEMBERS);
          const child = await bundleChild(dir);
          const { args: flags, env } = await startShebang();
          const { stdout } = await promisify(execFile)(
            process.execPath,
            [...flags, "--expose-gc", child, path, envelopesPath],
            { timeout: CHILD_TIMEOUT_MS, env: { ...process.env, ...env } },
          );
          const report = JSON.parse(stdout) as ChildReport;
          if (report.learned !== report.members)
            throw new Error(`learned ${report.learned} of ${report.members} members`);
          const mb = (n: number) => `${n.toFixed(1)} MB`;
          return [
            {
              kind: "measurement",
              name: `RSS with ${VIEW_MEMBERS} members in the view`,
              value: mb(report.after.rssMB),
              detail: `a separate process (the child bundled, ${Object.entries(env)
                .map(([name, value]) => `${name}=${value} `)
                .join(
                  "",
                )}plain node ${flags.join(" ")}), after two forced GCs: ${mb(report.after.rssMB - report.before.rssMB)} more than before learning (RSS ${mb(report.before.rssMB)}: runtime and modules); heap used ${mb(report.before.heapMB)} → ${mb(report.after.heapMB)} of ${mb(report.after.heapTotalMB)}; ArrayBuffers ${mb(report.before.arrayBuffersMB)} → ${mb(report.after.arrayBuffersMB)}; other native ${mb(nativeMB(report.before))} → ${mb(nativeMB(report.after))}; ${report.learned} members learned from membership responses of 500, certificates attached`,
            },
          ];
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    },
  ],
};
