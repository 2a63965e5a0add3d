// The MSP path of the Kubernetes deployment, end to end and without a cluster:
// `certs` material -> msp-secret.mjs -> a Secret volume laid out as the kubelet
// does -> the StatefulSet's own init-container script -> an MSP folder that
// loadLocalMsp accepts as exactly that pod's identity.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevMaterial, generateDevMaterial } from "../../src/identity/dev-ca.js";
import { loadLocalMsp } from "../../src/identity/msp.js";
import { type Container, K8S_DIR, kustomizationManifests, only, type StatefulSet } from "./deploy-files.js";

const MSP_ID = "Org1MSP";
const statefulSet = only<StatefulSet>(kustomizationManifests(K8S_DIR), "StatefulSet");
const init = statefulSet.spec.template.spec.initContainers?.find((c) => c.name === "select-msp") as Container;

interface SecretJson {
  kind: string;
  metadata: { name: string };
  data: Record<string, string>;
}

function mspSecret(...args: string[]): { status: number | null; secret?: SecretJson; stderr: string } {
  const out = spawnSync(process.execPath, [join(K8S_DIR, "msp-secret.mjs"), ...args], { encoding: "utf8" });
  return {
    status: out.status,
    stderr: out.stderr,
    ...(out.status === 0 ? { secret: JSON.parse(out.stdout) as SecretJson } : {}),
  };
}

/** A Secret volume as the kubelet writes it: files in a timestamped folder, reached through ..data symlinks. */
function mountSecret(secret: SecretJson, dir: string): void {
  const stamped = join(dir, "..2024_01_01_00_00_00.000000000");
  mkdirSync(stamped, { recursive: true });
  symlinkSync("..2024_01_01_00_00_00.000000000", join(dir, "..data"));
  for (const [key, base64] of Object.entries(secret.data)) {
    writeFileSync(join(stamped, key), Buffer.from(base64, "base64"), { mode: 0o440 });
    symlinkSync(join("..data", key), join(dir, key));
  }
}

/** Runs the init container's script as the kubelet would, with its env (paths redirected to `paths`). */
function runInit(podName: string, paths: { secret: string; msp: string }) {
  const [shell, flag, script] = init.command ?? [];
  expect([shell, flag]).toEqual(["sh", "-c"]);
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", POD_NAME: podName };
  for (const e of init.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  env.MSP_SECRET_DIR = paths.secret;
  env.CORE_PEER_MSPCONFIGPATH = paths.msp;
  return spawnSync(shell as string, [flag as string, script as string], { env, encoding: "utf8" });
}

describe("MSP selection by pod ordinal", () => {
  let work: string;
  let material: DevMaterial;
  let secret: SecretJson;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "fgn-msp-selection-"));
    material = await generateDevMaterial({
      outDir: join(work, "crypto"),
      org: "org1.example.com",
      mspId: MSP_ID,
      peers: 3,
    });
    const made = mspSecret("--crypto", join(work, "crypto"));
    expect(made.status, made.stderr).toBe(0);
    secret = made.secret as SecretJson;
    mountSecret(secret, join(work, "secret"));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("msp-secret.mjs writes the Secret the StatefulSet mounts, one key prefix per pod", () => {
    const volume = statefulSet.spec.template.spec.volumes?.find((v) => v.secret);
    expect(secret.kind).toBe("Secret");
    expect(secret.metadata.name).toBe(volume?.secret?.secretName);
    const prefixes = new Set(Object.keys(secret.data).map((k) => k.split("__")[0]));
    expect([...prefixes].sort()).toEqual(["peer-0", "peer-1", "peer-2"]);
    for (const key of Object.keys(secret.data)) expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
  });

  it("the init container gives each pod its own identity, loadable as the node loads it", async () => {
    for (const ordinal of [0, 2]) {
      const msp = join(work, `msp-${ordinal}`);
      mkdirSync(msp);
      const run = runInit(`${statefulSet.metadata.name}-${ordinal}`, { secret: join(work, "secret"), msp });
      expect(run.status, run.stderr).toBe(0);

      const selected = await loadLocalMsp(msp, MSP_ID);
      const original = await loadLocalMsp(material.peers[ordinal]?.mspDir as string, MSP_ID);
      expect(Buffer.from(selected.signingIdentity.pkiId)).toEqual(
        Buffer.from(original.signingIdentity.pkiId),
      );
      expect(selected.tlsRootCertsPem).toEqual(original.tlsRootCertsPem);
      // The private key is for the node's user only.
      expect(statSync(join(msp, "keystore", "priv_sk")).mode & 0o077).toBe(0);
    }
  });

  it("the init container fails, naming the fix, when the Secret has no files for its ordinal", () => {
    const msp = join(work, "msp-missing");
    mkdirSync(msp);
    const run = runInit(`${statefulSet.metadata.name}-3`, { secret: join(work, "secret"), msp });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("peer-3__");
    expect(run.stderr).toContain("at least 4 peers");
  });

  it("msp-secret.mjs takes MSP folders in ordinal order, and refuses a folder that is no local MSP", () => {
    const peers = material.peers.map((p) => p.mspDir);
    const reversed = mspSecret(...[...peers].reverse());
    expect(reversed.status, reversed.stderr).toBe(0);
    const signcert = (s: SecretJson | undefined, ordinal: number) =>
      Object.entries(s?.data ?? {}).find(([k]) => k.startsWith(`peer-${ordinal}__signcerts__`))?.[1];
    expect(signcert(reversed.secret, 0)).toBe(signcert(secret, 2));

    const refused = mspSecret(material.orgMspDir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("signcerts/ and keystore/");
  });
});
