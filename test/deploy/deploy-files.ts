// Readers for the deployment artefacts the deploy tests check: Kubernetes YAML
// (multi-document), the Dockerfile, .dockerignore, and the environment a pod of
// the StatefulSet ends up with.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { type DevMaterial, generateDevMaterial } from "../../src/identity/dev-ca.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const K8S_DIR = join(ROOT, "deploy", "kubernetes");
export const DOCKERFILE = join(ROOT, "deploy", "Dockerfile");

// ------------------------------------------------------------------ YAML manifests

// Loose shapes: only the fields these tests read. Optional everywhere, since
// checking that they are present is the tests' job.
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
  };
}
export interface Probe {
  httpGet?: { path?: string; port?: number | string; scheme?: string };
  periodSeconds?: number;
  failureThreshold?: number;
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
export interface PodSpec {
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  initContainers?: Container[];
  containers: Container[];
  volumes?: Array<{
    name: string;
    secret?: { secretName: string };
    emptyDir?: object;
  }>;
}
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are free-form; tests narrow by kind.
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
export interface StatefulSet extends Manifest {
  spec: {
    replicas: number;
    serviceName: string;
    podManagementPolicy?: string;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
export interface Kustomization {
  apiVersion: string;
  kind: string;
  resources?: string[];
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

/** Every document of a YAML file; comment-only documents are skipped; a parse problem throws. */
export function readYamlDocuments<T = Manifest>(file: string): T[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  if (!Array.isArray(docs)) throw new Error(`${file}: not YAML documents`);
  const out: T[] = [];
  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => p.message).join("; ")}`);
    const value = doc.toJS() as T | null;
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** YAML files under dir, recursively, as paths relative to dir. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

export function readKustomization(dir: string): Kustomization {
  const [k] = readYamlDocuments<Kustomization>(join(dir, "kustomization.yaml"));
  if (!k) throw new Error(`${dir}/kustomization.yaml is empty`);
  return k;
}

/** The manifests a kustomization lists, in its order. */
export function kustomizationManifests(dir: string): Manifest[] {
  return (readKustomization(dir).resources ?? []).flatMap((r) => readYamlDocuments(join(dir, r)));
}

export function only<T extends Manifest>(manifests: Manifest[], kind: string, name?: string): T {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0] as T;
}

// ------------------------------------------------------------------ Dockerfile

export interface Instruction {
  keyword: string;
  args: string;
  /** Index of the FROM stage it belongs to (-1 before the first FROM). */
  stage: number;
  stageName?: string;
}

/** Instructions with line continuations joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (current === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue; // comment inside a continued instruction
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = "";
  }
  if (current !== "") logical.push(current);

  const out: Instruction[] = [];
  let stage = -1;
  let stageName: string | undefined;
  for (const line of logical) {
    const match = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!match) continue;
    const keyword = (match[1] as string).toUpperCase();
    const args = (match[2] as string).trim();
    if (keyword === "FROM") {
      stage++;
      stageName = /\bAS\s+(\S+)$/i.exec(args)?.[1];
    }
    out.push({ keyword, args, stage, ...(stageName === undefined ? {} : { stageName }) });
  }
  return out;
}

/** ENV instructions of one stage as name -> value; both `ENV a=b c=d` and `ENV a b` forms. */
export function dockerEnv(instructions: Instruction[], stage: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args, stage: s } of instructions) {
    if (keyword !== "ENV" || s !== stage) continue;
    if (!args.includes("=")) {
      const [name, ...value] = args.split(/\s+/);
      env[name as string] = value.join(" ");
      continue;
    }
    for (const pair of args.match(/[^\s="]+=("[^"]*"|\S*)/g) ?? []) {
      const at = pair.indexOf("=");
      env[pair.slice(0, at)] = pair.slice(at + 1).replace(/^"|"$/g, "");
    }
  }
  return env;
}

/** The ENV of the Dockerfile's last (runtime) stage: what every container starts with. */
export function runtimeImageEnv(): Record<string, string> {
  const instructions = parseDockerfile(readFileSync(DOCKERFILE, "utf8"));
  return dockerEnv(instructions, Math.max(...instructions.map((i) => i.stage)));
}

/** A JSON-array (exec form) argument, as ENTRYPOINT ["node", "x.js"] has. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string"))
    throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

// ------------------------------------------------------------------ .dockerignore

/**
 * Whether .dockerignore keeps `path` out of the build context: the last matching
 * pattern wins, "!" re-includes, and a pattern matching a parent folder matches
 * everything in it (as Docker's own matcher does).
 */
export function dockerIgnores(patterns: string[], path: string): boolean {
  const parts = path.split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, "");
    const regex = new RegExp(
      `^${pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((piece) => {
          if (piece === "**/" || piece === "**") return "(?:.*/)?";
          if (piece === "*") return "[^/]*";
          if (piece === "?") return "[^/]";
          return piece.replace(/[.+^${}()|[\]\\]/g, "\\$&");
        })
        .join("")}$`,
    );
    if (candidates.some((c) => regex.test(c))) ignored = !negated;
  }
  return ignored;
}

export function readDockerignore(): string[] {
  return readFileSync(join(ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

// ------------------------------------------------------------------ a pod's environment

/**
 * The environment the node process of pod `podName` sees: the image's ENV, then
 * envFrom ConfigMaps, then env (which wins), with the downward API's metadata.name
 * and $(VAR) references resolved as the kubelet does. Optional Secret references are
 * left unset (the Secret may not exist); anything else unresolvable throws.
 */
export function podEnvironment(
  container: Container,
  podName: string,
  imageEnv: Record<string, string>,
  configMaps: Record<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = { ...imageEnv };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const data = configMaps[source.configMapRef.name];
      if (!data) throw new Error(`envFrom names ConfigMap ${source.configMapRef.name}, which is not defined`);
      Object.assign(env, data);
    }
  }
  // $(VAR) expands to container variables defined earlier in env (or from envFrom), as in Kubernetes.
  const expanded: Record<string, string> = { ...env };
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = variable.value.replace(
        /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
        (_whole, name: string) => {
          const value = expanded[name];
          if (value === undefined)
            throw new Error(`${variable.name} refers to $(${name}), not defined before it`);
          return value;
        },
      );
    } else if (variable.valueFrom?.fieldRef?.fieldPath === "metadata.name") {
      env[variable.name] = podName;
    } else if (variable.valueFrom?.secretKeyRef?.optional === true) {
      continue;
    } else {
      throw new Error(`${variable.name}: a source these tests cannot resolve`);
    }
    expanded[variable.name] = env[variable.name] as string;
  }
  return env;
}

/** Environment variable names written as `# NAME: value` comments (documented, commented-out settings). */
export function commentedVariables(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^\s*#\s*([A-Z][A-Z0-9_]+):\s/gm)].map(
    (m) => m[1] as string,
  );
}

// ------------------------------------------------------------------ crypto material

/** What `fabric-gossip-node certs --out DIR --peers N --hosts ...` writes, in a scratch DIR; remove() deletes it. */
export async function scratchDevMaterial(
  peers: number,
  hosts: string[] = [],
): Promise<{ dir: string; material: DevMaterial; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "fgn-deploy-material-"));
  const material = await generateDevMaterial({
    outDir: dir,
    org: "org1.example.com",
    mspId: "Org1MSP",
    peers,
    hosts,
  });
  return { dir, material, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
