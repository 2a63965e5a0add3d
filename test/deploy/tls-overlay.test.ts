// The gossip-over-TLS overlay (deploy/kubernetes-tls) against the code it configures:
// it renders, sets only variables the node reads, each pod's environment loads into a
// mutual-TLS configuration whose files are the mounted Secret's keys, and material made
// the way the README says completes a mutual TLS handshake under every pod's DNS name.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config/index.js";
import type { DevMaterial } from "../../src/identity/dev-ca.js";
import {
  type Container,
  type EnvVar,
  K8S_DIR,
  type Kustomization,
  kustomizationManifests,
  type Manifest,
  only,
  podEnvironment,
  ROOT,
  readKustomization,
  readYamlDocuments,
  runtimeImageEnv,
  type StatefulSet,
  scratchDevMaterial,
} from "./deploy-files.js";

const TLS_DIR = join(ROOT, "deploy", "kubernetes-tls");
const overlay: Kustomization & { patches?: Array<{ path: string; target?: { kind: string } }> } =
  readKustomization(TLS_DIR);
const base = kustomizationManifests(K8S_DIR);
const baseSet = only<StatefulSet>(base, "StatefulSet");
const patchFile = overlay.patches?.[0]?.path as string;
const patch = only<StatefulSet>(readYamlDocuments(join(TLS_DIR, patchFile)), "StatefulSet");
const example = only(readYamlDocuments(join(TLS_DIR, "secret-example.yaml")), "Secret");
const configMap = only(base, "ConfigMap");
const imageEnv = runtimeImageEnv();
const headless = baseSet.spec.serviceName;

/** A strategic-merge patch's effect on lists keyed by name (env, volumeMounts, volumes), as kustomize applies it. */
function mergeByName<T extends { name: string }>(base: T[] = [], patch: T[] = []): T[] {
  const patched = new Map(patch.map((item) => [item.name, item]));
  const kept = base.map((item) => ({ ...item, ...patched.get(item.name) }));
  return [...patch.filter((item) => !base.some((b) => b.name === item.name)), ...kept];
}

const baseNode = baseSet.spec.template.spec.containers.find(
  (c) => c.name === "fabric-gossip-node",
) as Container;
const patchNode = patch.spec.template.spec.containers.find((c) => c.name === baseNode.name) as Container;
const node: Container = {
  ...baseNode,
  env: mergeByName<EnvVar>(baseNode.env, patchNode.env),
  volumeMounts: mergeByName(baseNode.volumeMounts, patchNode.volumeMounts),
};
const volumes = mergeByName(baseSet.spec.template.spec.volumes, patch.spec.template.spec.volumes);

function environmentOf(ordinal: number): Record<string, string> {
  return podEnvironment(node, `${baseSet.metadata.name}-${ordinal}`, imageEnv, {
    [configMap.metadata.name]: configMap.data ?? {},
  });
}

describe("TLS overlay", () => {
  it("builds on the base and patches its StatefulSet", () => {
    expect(overlay.resources).toEqual(["../kubernetes"]);
    expect(overlay.patches).toHaveLength(1);
    expect(overlay.patches?.[0]?.target?.kind).toBe("StatefulSet");
    expect(patch.metadata.name).toBe(baseSet.metadata.name);
  });

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)(
    "kubectl kustomize renders it, with the same TLS environment and Secret volume as the patch",
    () => {
      const out = spawnSync("kubectl", ["kustomize", TLS_DIR], { encoding: "utf8" });
      expect(out.stderr).toBe("");
      expect(out.status).toBe(0);
      const rendered = out.stdout.split(/^---$/m).map((d) => parseYaml(d) as Manifest);
      expect(rendered.map((m) => m.kind).sort()).toEqual(base.map((m) => m.kind).sort());
      const sts = only<StatefulSet>(rendered, "StatefulSet");
      const container = sts.spec.template.spec.containers.find((c) => c.name === node.name) as Container;
      const names = (list: Array<{ name: string }> = []) => list.map((e) => e.name).sort();
      expect(names(container.env)).toEqual(names(node.env));
      expect(names(container.volumeMounts)).toEqual(names(node.volumeMounts));
      expect(names(sts.spec.template.spec.volumes)).toEqual(names(volumes));
      // The base's init container and hardening survive the patch.
      expect(sts.spec.template.spec.initContainers?.map((c) => c.name)).toEqual(["select-msp"]);
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    },
  );

  it("sets only variables the node reads", () => {
    const known = new Set(CONFIG_VARIABLES.map((v) => v.env));
    const names = (patchNode.env ?? []).map((e) => e.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  it("each pod's environment loads into mutual TLS whose files are keys of the mounted Secret", () => {
    const mount = node.volumeMounts?.find((m) => m.name === "tls");
    const secret = volumes.find((v) => v.name === "tls")?.secret?.secretName;
    expect(mount?.readOnly).toBe(true);
    expect(secret).toBe(example.metadata.name);
    const keys = Object.keys(example.stringData ?? {});
    const cwd = mkdtempSync(join(tmpdir(), "fgn-tls-overlay-"));
    try {
      for (let ordinal = 0; ordinal < baseSet.spec.replicas; ordinal++) {
        const loaded = loadConfig({ env: environmentOf(ordinal), cwd, dotenv: false });
        expect(loaded.warnings).toEqual([]);
        const { tls } = loaded.config;
        expect(tls.enabled).toBe(true);
        expect(tls.clientAuthRequired).toBe(true);
        const files = [tls.certFile, tls.keyFile, tls.rootCertFile, ...tls.clientRootCAs];
        expect(files).toHaveLength(4);
        for (const file of files) {
          expect(file?.startsWith(`${mount?.mountPath}/`), file).toBe(true);
          expect(keys).toContain(file?.slice((mount?.mountPath ?? "").length + 1));
        }
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("TLS material made as the README says", () => {
  let material: DevMaterial;
  let remove: () => void = () => {};
  // Node's TLS (and so gRPC) refuses a wildcard over a one-label name such as "*.<headless>":
  // the certificate names each pod.
  const podHosts = Array.from(
    { length: baseSet.spec.replicas },
    (_, ordinal) => `${baseSet.metadata.name}-${ordinal}.${headless}`,
  );

  beforeAll(async () => {
    ({ material, remove } = await scratchDevMaterial(1, podHosts));
  });
  afterAll(() => remove());

  it("the READMEs and the example Secret make it with the same --hosts value", () => {
    for (const file of [
      join(ROOT, "README.md"),
      join(K8S_DIR, "README.md"),
      join(TLS_DIR, "secret-example.yaml"),
    ]) {
      expect(readFileSync(file, "utf8"), file).toContain(`--hosts ${podHosts.join(",")}`);
    }
  });

  /** Server and client both use the one Secret's files, as every pod does under the overlay. */
  async function handshake(servername: string): Promise<{ clientOk: boolean; serverSawClientCert: boolean }> {
    const dir = (material.peers[0] as DevMaterial["peers"][0]).tlsDir;
    const files = {
      cert: readFileSync(join(dir, "server.crt")),
      key: readFileSync(join(dir, "server.key")),
      ca: readFileSync(join(dir, "ca.crt")),
    };
    let serverSide: (authorized: boolean) => void = () => {};
    const serverSawClientCert = new Promise<boolean>((resolve) => {
      serverSide = resolve;
    });
    const server = createServer(
      { ...files, requestCert: true, rejectUnauthorized: true },
      (socket: TLSSocket) => {
        serverSide(socket.authorized);
        socket.end();
      },
    );
    server.on("tlsClientError", () => serverSide(false));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const clientOk = await new Promise<boolean>((resolve) => {
        const socket = connect({ ...files, host: "127.0.0.1", port, servername, timeout: 10_000 });
        socket.once("secureConnect", () => resolve(socket.authorized));
        socket.once("error", () => resolve(false));
        socket.once("timeout", () => resolve(false));
        socket.once("close", () => resolve(false));
        socket.resume();
      });
      // The client gives up on a bad name before the server sees anything: only a good one waits for the server.
      return { clientOk, serverSawClientCert: clientOk ? await serverSawClientCert : false };
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it("completes a mutual TLS handshake under each pod's DNS name, and not under another name", async () => {
    for (const host of podHosts) {
      expect(await handshake(host), host).toEqual({ clientOk: true, serverSawClientCert: true });
    }
    expect((await handshake(`${baseSet.metadata.name}-0.elsewhere`)).clientOk).toBe(false);
  });
});
