// The Kubernetes manifests against the code they deploy: probes hit routes the
// admin server serves, ports are the ones the node listens on, every variable is
// one the node reads, and each pod's environment loads into a valid configuration
// whose gossip endpoint, bootstrap list and MSP path fit the StatefulSet.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createAdminApp } from "../../src/admin/admin-server.js";
import { CONFIG_VARIABLES, loadConfig, parseHostPort } from "../../src/config/index.js";
import { silentLogger } from "../../src/observability/logger.js";
import { FakeNodeView } from "../support/fake-node-view.js";
import {
  type Container,
  commentedVariables,
  DOCKERFILE,
  dockerEnv,
  K8S_DIR,
  type Kustomization,
  kustomizationManifests,
  type Manifest,
  only,
  type Probe,
  parseDockerfile,
  podEnvironment,
  ROOT,
  readKustomization,
  readYamlDocuments,
  type StatefulSet,
  yamlFilesUnder,
} from "./deploy-files.js";

const OPTIONAL_DIR = join(K8S_DIR, "optional");
const base = kustomizationManifests(K8S_DIR);
const optional = kustomizationManifests(OPTIONAL_DIR);
const examples = readYamlDocuments(join(K8S_DIR, "secret-example.yaml"));
const statefulSet = only<StatefulSet>(base, "StatefulSet");
const pod = statefulSet.spec.template.spec;
const node = pod.containers.find((c) => c.name === "fabric-gossip-node") as Container;
const configMap = only(base, "ConfigMap");
const headless = only(base, "Service", statefulSet.spec.serviceName);
const operations = base.find((m) => m.kind === "Service" && m.spec?.clusterIP !== "None") as Manifest;

const dockerfile = parseDockerfile(readFileSync(DOCKERFILE, "utf8"));
const runtimeStage = Math.max(...dockerfile.map((i) => i.stage));
const imageEnv = dockerEnv(dockerfile, runtimeStage);

const KNOWN = new Set(CONFIG_VARIABLES.map((v) => v.env));
/** Variables the manifests may set that are not node settings, and why. */
const HELPERS: Record<string, string> = {
  POD_NAME: "downward API pod name, expanded as $(POD_NAME) in the endpoints",
  MSP_SECRET_DIR: "where the init container finds the mounted MSP Secret",
  NODE_OPTIONS: "Node.js runtime flags (heap limit, young generation, V8 threads)",
  MALLOC_ARENA_MAX: "glibc malloc's arena limit, as the bin's #! line sets it",
  NODE_ENV: "Node.js convention, set by the image",
  FGN_COMMIT_SHA: "build commit, read by src/cli/version.ts",
};

function containerPort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === "number") return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function probes(container: Container): Array<[string, Probe]> {
  const all: Array<[string, Probe | undefined]> = [
    ["startupProbe", container.startupProbe],
    ["livenessProbe", container.livenessProbe],
    ["readinessProbe", container.readinessProbe],
  ];
  return all.filter((p): p is [string, Probe] => p[1] !== undefined);
}

function podName(ordinal: number): string {
  return `${statefulSet.metadata.name}-${ordinal}`;
}

function environmentOf(ordinal: number): Record<string, string> {
  return podEnvironment(node, podName(ordinal), imageEnv, {
    [configMap.metadata.name]: configMap.data ?? {},
  });
}

function subset(small: Record<string, string>, large: Record<string, string> | undefined): boolean {
  return Object.entries(small).every(([k, v]) => large?.[k] === v);
}

describe("Kubernetes manifests", () => {
  it("every manifest has apiVersion, kind and metadata.name", () => {
    const files = yamlFilesUnder(K8S_DIR).filter((f) => !f.endsWith("kustomization.yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const docs = readYamlDocuments(join(K8S_DIR, file));
      expect(docs.length, file).toBeGreaterThan(0);
      for (const doc of docs) {
        expect(typeof doc.apiVersion, `${file}: apiVersion`).toBe("string");
        expect(typeof doc.kind, `${file}: kind`).toBe("string");
        expect(typeof doc.metadata?.name, `${file}: metadata.name`).toBe("string");
        expect(doc.metadata.name, `${file}: metadata.name`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      }
    }
  });

  it("kustomizations list files that exist, and leave out only the placeholder Secret", () => {
    const listed = new Set<string>();
    for (const dir of [K8S_DIR, OPTIONAL_DIR]) {
      const k = readKustomization(dir);
      expect(k.apiVersion).toBe("kustomize.config.k8s.io/v1beta1");
      expect(k.kind).toBe("Kustomization");
      for (const resource of k.resources ?? []) {
        expect(existsSync(join(dir, resource)), `${dir}: ${resource}`).toBe(true);
        listed.add(join(dir, resource));
      }
    }
    const unlisted = yamlFilesUnder(K8S_DIR).filter(
      (f) => !f.endsWith("kustomization.yaml") && !listed.has(join(K8S_DIR, f)),
    );
    expect(unlisted).toEqual(["secret-example.yaml"]);
    expect(examples.map((m) => m.kind)).toEqual(["Secret", "Secret"]);
  });

  it("the base is namespace-agnostic and labels its selectors", () => {
    const k: Kustomization = readKustomization(K8S_DIR);
    expect(k).not.toHaveProperty("namespace");
    for (const m of [...base, ...optional]) expect(m.metadata, m.kind).not.toHaveProperty("namespace");
    const selectorLabels = k.labels?.find((l) => l.includeSelectors === true)?.pairs ?? {};
    expect(selectorLabels).toEqual({ "app.kubernetes.io/name": "fabric-gossip-node" });
  });

  it("the image tag follows package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const k = readKustomization(K8S_DIR);
    expect(k.images).toEqual([{ name: "fabric-gossip-node", newTag: pkg.version }]);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      expect(c.image, c.name).toBe(`fabric-gossip-node:${pkg.version}`);
    }
  });

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)(
    "kubectl kustomize renders the base and the optional extras",
    () => {
      const render = (dir: string) => {
        const out = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
        expect(out.stderr).toBe("");
        expect(out.status).toBe(0);
        return out.stdout.split(/^---$/m).map((d) => parseYaml(d) as Manifest);
      };
      const rendered = render(K8S_DIR);
      expect(rendered.map((m) => m.kind).sort()).toEqual(
        ["ConfigMap", "PodDisruptionBudget", "Service", "Service", "StatefulSet"].sort(),
      );
      const sts = only<StatefulSet>(rendered, "StatefulSet");
      expect(sts.spec.template.metadata.labels["app.kubernetes.io/name"]).toBe("fabric-gossip-node");
      expect(
        render(OPTIONAL_DIR)
          .map((m) => m.kind)
          .sort(),
      ).toEqual(["NetworkPolicy", "ServiceMonitor"]);
    },
  );
});

describe("StatefulSet", () => {
  it("runs N=3 pods in parallel, named through the headless Service", () => {
    expect(statefulSet.spec.replicas).toBe(3);
    expect(statefulSet.spec.podManagementPolicy).toBe("Parallel");
    expect(headless.spec.clusterIP).toBe("None");
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(subset(statefulSet.spec.selector.matchLabels, statefulSet.spec.template.metadata.labels)).toBe(
      true,
    );
  });

  it("names its ports gossip 7051 and operations 9443, as the Dockerfile EXPOSEs", () => {
    const ports = Object.fromEntries((node.ports ?? []).map((p) => [p.name, p.containerPort]));
    expect(ports).toEqual({ gossip: 7051, operations: 9443 });
    const exposed = dockerfile
      .filter((i) => i.keyword === "EXPOSE" && i.stage === runtimeStage)
      .flatMap((i) => i.args.split(/\s+/))
      .map((p) => Number(p.replace(/\/tcp$/, "")));
    expect(exposed.sort()).toEqual(Object.values(ports).sort());
  });

  it("runs as non-root with a read-only root filesystem, no capabilities and the default seccomp profile", () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
      expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
      expect(c.securityContext?.capabilities?.drop, c.name).toEqual(["ALL"]);
      expect(c.securityContext?.capabilities?.add, c.name).toBeUndefined();
      expect(c.resources?.requests, c.name).toBeDefined();
      expect(c.resources?.limits, c.name).toBeDefined();
    }
    expect(node.resources).toEqual({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
  });

  it("keeps the V8 heap limit under the memory limit", () => {
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(environmentOf(0).NODE_OPTIONS ?? "")?.[1]);
    const limitMiB = Number(/^(\d+)Mi$/.exec(node.resources?.limits?.memory ?? "")?.[1]);
    expect(heapMiB).toBeGreaterThan(0);
    expect(heapMiB).toBeLessThan(limitMiB * 0.75);
  });

  it("repeats the bin's #! line's settings in the image and in the pods, and this Node accepts them", () => {
    const shebang = readFileSync(join(ROOT, "src/cli/main.ts"), "utf8").split("\n")[0] ?? "";
    const words = (text = "") => text.trim().split(" ").filter(Boolean);
    const match = /^#!\/usr\/bin\/env -S((?: [A-Z_]+=\d+)*) node((?: --[\w-]+=\d+)*)$/.exec(shebang);
    const assignments = words(match?.[1]);
    const flags = words(match?.[2]);
    expect(flags, shebang).toEqual(["--max-semi-space-size=1", "--v8-pool-size=2"]);
    expect(assignments, shebang).toEqual(["MALLOC_ARENA_MAX=2"]);
    const podOwnEnv = Object.fromEntries((node.env ?? []).map((e) => [e.name, e.value]));
    for (const flag of flags) {
      expect(imageEnv.NODE_OPTIONS?.split(" "), flag).toContain(flag);
      expect(podOwnEnv.NODE_OPTIONS?.split(" "), flag).toContain(flag);
    }
    for (const [name, value] of assignments.map((a) => a.split("="))) {
      expect(imageEnv[name as string], name).toBe(value);
      expect(podOwnEnv[name as string], name).toBe(value);
    }
    // A flag this Node.js line does not know stops node at start ("bad option"), in NODE_OPTIONS too.
    const run = spawnSync(process.execPath, ["-e", "0"], {
      env: { PATH: process.env.PATH, NODE_OPTIONS: environmentOf(0).NODE_OPTIONS },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("probes", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createAdminApp({
      node: new FakeNodeView(),
      logger: silentLogger(),
      listenAddress: "127.0.0.1:0",
      version: { version: "0.0.0-test", commitSha: "test" },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it("probe the routes the admin server serves: /healthz for start-up and liveness, /readyz for readiness", async () => {
    const paths = Object.fromEntries(probes(node).map(([kind, p]) => [kind, p.httpGet?.path]));
    expect(paths).toEqual({ startupProbe: "/healthz", livenessProbe: "/healthz", readinessProbe: "/readyz" });
    for (const [kind, probe] of probes(node)) {
      const res = await app.inject({ method: "GET", url: probe.httpGet?.path as string });
      expect(res.statusCode, `${kind} ${probe.httpGet?.path}`).toBe(200);
    }
  });

  it("probe the operations port, the one the admin server listens on", () => {
    const defaultPort = parseHostPort(
      CONFIG_VARIABLES.find((v) => v.env === "CORE_OPERATIONS_LISTENADDRESS")?.defaultValue as string,
    ).port;
    const configured = parseHostPort(environmentOf(0).CORE_OPERATIONS_LISTENADDRESS as string).port;
    const operationsPort = containerPort(node, "operations");
    expect(operationsPort).toBe(defaultPort);
    expect(configured).toBe(operationsPort);
    for (const [kind, probe] of probes(node)) {
      expect(containerPort(node, probe.httpGet?.port), kind).toBe(operationsPort);
      expect(probe.httpGet?.scheme ?? "HTTP", kind).toBe("HTTP");
    }
  });

  it("give a slow start about a minute before liveness takes over", () => {
    const startup = node.startupProbe as Probe;
    const budget = (startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3);
    expect(budget).toBeGreaterThanOrEqual(60);
    expect(budget).toBeLessThanOrEqual(120);
  });

  it("the operations Service is annotated for scraping a route that exists", async () => {
    const annotations = operations.metadata.annotations ?? {};
    expect(annotations["prometheus.io/scrape"]).toBe("true");
    expect(Number(annotations["prometheus.io/port"])).toBe(containerPort(node, "operations"));
    const res = await app.inject({ method: "GET", url: annotations["prometheus.io/path"] as string });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("gossip_membership_peers");
  });
});

describe("environment", () => {
  it("every variable set is one the node (or the pod's plumbing) reads", () => {
    const names = new Set<string>([
      ...Object.keys(configMap.data ?? {}),
      ...commentedVariables(join(K8S_DIR, "configmap.yaml")),
      ...Object.keys(imageEnv),
      ...[...(pod.initContainers ?? []), ...pod.containers].flatMap((c) => (c.env ?? []).map((e) => e.name)),
    ]);
    const unknown = [...names].filter((n) => !KNOWN.has(n) && !(n in HELPERS) && !n.startsWith("OTEL_"));
    expect(unknown).toEqual([]);
    expect(readFileSync(join(ROOT, "src/cli/version.ts"), "utf8")).toContain("FGN_COMMIT_SHA");
  });

  it("every ConfigMap and image value parses as its variable's form", () => {
    // Kubernetes refuses a ConfigMap whose values are not strings (quote 120, true, ...).
    for (const [name, value] of Object.entries(configMap.data ?? {}))
      expect(typeof value, name).toBe("string");
    for (const [name, value] of Object.entries({ ...imageEnv, ...configMap.data })) {
      const variable = CONFIG_VARIABLES.find((v) => v.env === name);
      if (variable) expect(() => variable.fromText(value), `${name}=${value}`).not.toThrow();
    }
  });

  it("each pod's environment loads into a valid configuration that fits the pod", () => {
    const cwd = mkdtempSync(join(tmpdir(), "fgn-manifests-"));
    try {
      const mspMount = node.volumeMounts?.find((m) => m.name === "msp");
      for (let ordinal = 0; ordinal < statefulSet.spec.replicas; ordinal++) {
        const loaded = loadConfig({ env: environmentOf(ordinal), cwd, dotenv: false });
        const { config } = loaded;
        const endpoint = `${podName(ordinal)}.${headless.metadata.name}:7051`;
        expect(loaded.warnings).toEqual([]);
        expect(config.peerId).toBe(podName(ordinal));
        expect(config.peerAddress).toBe(endpoint);
        expect(config.gossip.endpoint).toBe(endpoint);
        expect(parseHostPort(config.listenAddress)).toEqual({ host: "0.0.0.0", port: 7051 });
        expect(parseHostPort(config.listenAddress).port).toBe(containerPort(node, "gossip"));
        expect(parseHostPort(config.operations.listenAddress).port).toBe(containerPort(node, "operations"));
        expect(config.mspConfigPath).toBe(mspMount?.mountPath);
        expect(config.localMspId).toBe(configMap.data?.CORE_PEER_LOCALMSPID);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("bootstrap names the first two pods exactly as they name themselves, and no pod has only itself", () => {
    const endpoints = Array.from({ length: statefulSet.spec.replicas }, (_, i) => {
      return loadConfig({ env: environmentOf(i), cwd: tmpdir(), dotenv: false }).config.gossip.endpoint;
    });
    for (let ordinal = 0; ordinal < statefulSet.spec.replicas; ordinal++) {
      const { config } = loadConfig({ env: environmentOf(ordinal), cwd: tmpdir(), dotenv: false });
      expect(config.gossip.bootstrap).toEqual(endpoints.slice(0, 2));
      // Discovery skips a bootstrap entry equal to its own endpoint text: the same text, not a look-alike.
      const others = config.gossip.bootstrap.filter((e) => e !== config.gossip.endpoint);
      expect(others.length, podName(ordinal)).toBeGreaterThan(0);
    }
  });

  it("the admin token comes from an optional Secret", () => {
    const token = node.env?.find((e) => e.name === "FGN_ADMIN_TOKEN");
    expect(token?.valueFrom?.secretKeyRef?.optional).toBe(true);
    const example = examples.find((m) => m.metadata.name === token?.valueFrom?.secretKeyRef?.name);
    expect(Object.keys(example?.stringData ?? {})).toContain(token?.valueFrom?.secretKeyRef?.key);
  });
});

describe("MSP Secret", () => {
  it("the StatefulSet mounts the Secret the example and msp-secret.mjs name", () => {
    const volume = pod.volumes?.find((v) => v.secret !== undefined);
    const name = volume?.secret?.secretName;
    expect(examples.map((m) => m.metadata.name)).toContain(name);
    expect(readFileSync(join(K8S_DIR, "msp-secret.mjs"), "utf8")).toContain(`default: "${name}"`);
    const keys = Object.keys(examples.find((m) => m.metadata.name === name)?.stringData ?? {});
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^peer-\d+__[-._a-zA-Z0-9]+$/);
  });

  it("the node mounts the selected MSP read-only, filled by the init container", () => {
    const init = pod.initContainers?.find((c) => c.name === "select-msp");
    const initMount = init?.volumeMounts?.find((m) => m.name === "msp");
    const nodeMount = node.volumeMounts?.find((m) => m.name === "msp");
    expect(initMount?.readOnly ?? false).toBe(false);
    expect(nodeMount?.readOnly).toBe(true);
    expect(init?.env?.find((e) => e.name === "CORE_PEER_MSPCONFIGPATH")?.value).toBe(nodeMount?.mountPath);
    expect(pod.volumes?.find((v) => v.name === "msp")?.emptyDir).toBeDefined();
  });
});

describe("optional extras", () => {
  const monitor = only(optional, "ServiceMonitor");
  const policy = only(optional, "NetworkPolicy");

  it("the ServiceMonitor selects the operations Service and scrapes its named port", () => {
    expect(monitor.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(subset(monitor.spec.selector.matchLabels, operations.metadata.labels)).toBe(true);
    // ...and not the headless one, which would scrape every pod twice.
    expect(subset(monitor.spec.selector.matchLabels, headless.metadata.labels)).toBe(false);
    const servicePorts = (operations.spec.ports as Array<{ name: string }>).map((p) => p.name);
    for (const endpoint of monitor.spec.endpoints as Array<{ port: string; path: string }>) {
      expect(servicePorts).toContain(endpoint.port);
      expect(endpoint.path).toBe("/metrics");
    }
  });

  it("the NetworkPolicy admits gossip from the same app and operations from the monitoring namespace", () => {
    const podLabels = statefulSet.spec.template.metadata.labels;
    expect(subset(policy.spec.podSelector.matchLabels, podLabels)).toBe(true);
    type Rule = {
      from: Array<{
        podSelector?: { matchLabels: Record<string, string> };
        namespaceSelector?: { matchLabels: Record<string, string> };
      }>;
      ports: Array<{ port: string | number }>;
    };
    const rules = policy.spec.ingress as Rule[];
    const allowedPorts = (rule: Rule) => rule.ports.map((p) => containerPort(node, p.port));
    const gossip = rules.find((r) =>
      r.from.some((f) => f.podSelector && subset(f.podSelector.matchLabels, podLabels)),
    );
    const monitoring = rules.find((r) =>
      r.from.some((f) => f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "monitoring"),
    );
    expect(gossip && allowedPorts(gossip)).toEqual([7051]);
    expect(monitoring && allowedPorts(monitoring)).toEqual([9443]);
  });

  it("every selector in the base selects the gossip pods", () => {
    const podLabels = statefulSet.spec.template.metadata.labels;
    for (const m of base) {
      const selector = m.kind === "Service" ? m.spec.selector : m.spec?.selector?.matchLabels;
      if (selector) expect(subset(selector, podLabels), `${m.kind} ${m.metadata.name}`).toBe(true);
    }
    const pdb = only(base, "PodDisruptionBudget");
    expect(pdb.spec.maxUnavailable).toBe(1);
  });
});
