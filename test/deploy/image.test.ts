// The container recipe, checked without a Docker engine: the compiled ENTRYPOINT
// runs from the runtime stage's layout, the stages install what they should, the
// build context lets in what COPY needs and nothing private, and the HEALTHCHECK
// script tells a healthy admin server from an unhealthy or absent one.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminServer, startAdminServer } from "../../src/admin/admin-server.js";
import { loadConfig } from "../../src/config/index.js";
import { silentLogger } from "../../src/observability/logger.js";
import { FakeNodeView } from "../support/fake-node-view.js";
import {
  DOCKERFILE,
  dockerEnv,
  dockerIgnores,
  execForm,
  type Instruction,
  parseDockerfile,
  ROOT,
  readDockerignore,
  scratchDevMaterial,
} from "./deploy-files.js";

const instructions = parseDockerfile(readFileSync(DOCKERFILE, "utf8"));
const stages = [...new Set(instructions.map((i) => i.stage))].filter((s) => s >= 0);
const runtime = Math.max(...stages);
const build = instructions.find((i) => i.keyword === "FROM" && i.stageName === "build")?.stage;
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
};

function inStage(stage: number | undefined, keyword: string): Instruction[] {
  return instructions.filter((i) => i.stage === stage && i.keyword === keyword);
}
function last(stage: number, keyword: string): Instruction {
  const found = inStage(stage, keyword);
  const instruction = found[found.length - 1];
  if (!instruction) throw new Error(`no ${keyword} in stage ${stage}`);
  return instruction;
}
/** COPY sources and destination, without flags (--from=..., --chown=...). */
function copyArgs(instruction: Instruction): { from?: string; sources: string[]; dest: string } {
  const words = instruction.args.split(/\s+/);
  const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
  const paths = words.filter((w) => !w.startsWith("--"));
  return {
    ...(from === undefined ? {} : { from }),
    sources: paths.slice(0, -1),
    dest: paths.at(-1) as string,
  };
}

describe("Dockerfile", () => {
  it("ENTRYPOINT runs the file package.json's bin names, with CMD start", () => {
    const entrypoint = execForm(last(runtime, "ENTRYPOINT").args);
    expect(entrypoint).toEqual(["node", pkg.bin["fabric-gossip-node"]]);
    expect(execForm(last(runtime, "CMD").args)).toEqual(["start"]);
  });

  it("the compiled ENTRYPOINT runs from the runtime stage's layout: package.json, dist/, node_modules/", {
    timeout: 120_000,
  }, () => {
    const image = mkdtempSync(join(tmpdir(), "fgn-image-"));
    try {
      // What `npm run build` does, into a scratch folder instead of the work tree's dist/.
      const compile = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), join(image, "dist")], {
        encoding: "utf8",
        cwd: ROOT,
      });
      expect(compile.status, compile.stdout + compile.stderr).toBe(0);
      symlinkSync(join(ROOT, "package.json"), join(image, "package.json"));
      symlinkSync(join(ROOT, "node_modules"), join(image, "node_modules"));

      const [command, file] = execForm(last(runtime, "ENTRYPOINT").args);
      expect(existsSync(join(image, file as string))).toBe(true);
      const run = (...args: string[]) =>
        spawnSync(command === "node" ? process.execPath : (command as string), [file as string, ...args], {
          cwd: image,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", ...dockerEnv(instructions, runtime) },
        });
      const version = run("--version");
      expect(version.status, version.stderr).toBe(0);
      expect(version.stdout.trim()).toBe(pkg.version);
      const help = run("--help");
      expect(help.status, help.stderr).toBe(0);
      for (const word of execForm(last(runtime, "CMD").args)) expect(help.stdout).toContain(`  ${word} `);
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });

  it("builds with dev dependencies but without install scripts, then installs production dependencies only", () => {
    expect(build).toBeDefined();
    const buildRuns = inStage(build, "RUN").map((i) => i.args);
    expect(buildRuns.find((r) => r.includes("npm ci"))).toContain("--ignore-scripts");
    expect(buildRuns.some((r) => r.includes("npm run build"))).toBe(true);

    const runtimeInstall = inStage(runtime, "RUN").find((i) => i.args.includes("npm ci"))?.args ?? "";
    expect(runtimeInstall).toContain("--omit=dev");
    expect(runtimeInstall).toContain("--ignore-scripts");
    const copies = inStage(runtime, "COPY").map(copyArgs);
    expect(copies).toContainEqual({ from: "build", sources: ["/src/dist"], dest: "./dist" });
    // npm ci installs the production dependencies package.json names (rare paths of the bundle may still require one).
    expect(copies.some((c) => c.from === undefined && c.sources.includes("package.json"))).toBe(true);
    expect(copies.some((c) => c.sources.includes("proto"))).toBe(true);
  });

  it("runs as the node user with production settings and listens beyond loopback", () => {
    expect(last(runtime, "USER").args).toBe("node");
    expect(last(runtime, "FROM").args).toMatch(/^node:\$\{NODE_VERSION\}-slim\b/);
    // A current LTS line, one that package.json's engines range admits.
    const nodeVersion = inStage(-1, "ARG")
      .map((i) => /^NODE_VERSION=(\d+)$/.exec(i.args)?.[1])
      .find((v) => v !== undefined);
    expect(["22", "24"]).toContain(nodeVersion);
    const clauses = pkg.engines.node.split("||").map((c) => c.trim());
    expect(clauses.some((c) => c.startsWith(`^${nodeVersion}.`) || c.startsWith(`>=${nodeVersion}.`))).toBe(
      true,
    );
    expect(dockerEnv(instructions, runtime)).toMatchObject({
      NODE_ENV: "production",
      CORE_PEER_LISTENADDRESS: "0.0.0.0:7051",
      CORE_OPERATIONS_LISTENADDRESS: "0.0.0.0:9443",
    });
    expect(last(runtime, "EXPOSE").args.split(/\s+/).sort()).toEqual(["7051", "9443"]);
  });

  it("HEALTHCHECK runs the healthcheck script with node (the slim image has no curl)", () => {
    const healthcheck = last(runtime, "HEALTHCHECK").args;
    const cmd = execForm(healthcheck.slice(healthcheck.indexOf("CMD") + 3).trim());
    expect(cmd[0]).toBe("node");
    const copied = inStage(runtime, "COPY")
      .map(copyArgs)
      .find((c) => c.dest.endsWith(cmd[1] as string));
    expect(copied?.sources).toEqual(["deploy/healthcheck.mjs"]);
    expect(healthcheck).not.toMatch(/curl|wget/);
  });
});

describe(".dockerignore", () => {
  const patterns = readDockerignore();

  it("lets in every file the Dockerfile copies from the build context", () => {
    const sources = instructions
      .filter((i) => i.keyword === "COPY")
      .map(copyArgs)
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
      expect(dockerIgnores(patterns, source), `${source} reaches the builder`).toBe(false);
    }
    for (const file of ["src/cli/main.ts", "src/protocol/generated/wire.js", "scripts/build.mjs"]) {
      expect(dockerIgnores(patterns, file), file).toBe(false);
    }
  });

  it("keeps out local builds, dependencies, secrets and history", () => {
    for (const path of [
      "node_modules/fastify/package.json",
      "dist/cli/main.js",
      ".env",
      "src/.env",
      ".git/config",
      "crypto/peers/peer0.org1.example.com/msp/keystore/priv_sk",
      "test/deploy/image.test.ts",
      "npm-debug.log",
    ]) {
      expect(dockerIgnores(patterns, path), path).toBe(true);
    }
  });
});

describe("healthcheck script", () => {
  const node = new FakeNodeView();
  let server: AdminServer;

  beforeAll(async () => {
    server = await startAdminServer({
      node,
      logger: silentLogger(),
      listenAddress: "127.0.0.1:0",
      version: { version: "0.0.0-test", commitSha: "test" },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Runs the script as Docker would; asynchronously, since the server answers from this process. */
  function healthcheck(listenAddress: string): Promise<{ status: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, "deploy/healthcheck.mjs")], {
        env: { CORE_OPERATIONS_LISTENADDRESS: listenAddress },
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 10_000,
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on("close", (status) => resolve({ status, stderr }));
    });
  }
  const port = () => Number(server.address.split(":").at(-1));

  it("exits 0 when /healthz answers 200, reaching a wildcard listen address on loopback", async () => {
    node.failedChecks = [];
    expect((await healthcheck(`127.0.0.1:${port()}`)).status).toBe(0);
    expect((await healthcheck(`0.0.0.0:${port()}`)).status).toBe(0);
  });

  it("exits 1 when /healthz reports a failed check", async () => {
    node.failedChecks = ["gossip node is stopping"];
    try {
      const run = await healthcheck(`127.0.0.1:${port()}`);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("503");
    } finally {
      node.failedChecks = [];
    }
  });

  it("exits 1 when nothing listens, or the address is not host:port", async () => {
    const closed = await startAdminServer({
      node,
      logger: silentLogger(),
      listenAddress: "127.0.0.1:0",
      version: { version: "0.0.0-test", commitSha: "test" },
    });
    const address = closed.address;
    await closed.close();
    expect((await healthcheck(address)).status).toBe(1);
    expect((await healthcheck("not-an-address")).status).toBe(1);
  });
});

/** The `docker run` command in a block of text: its continued lines joined, shell words split. */
function dockerRunWords(text: string): string[] {
  const start = text.indexOf("docker run ");
  if (start === -1) throw new Error("no docker run line");
  let command = "";
  for (const line of text.slice(start).split("\n")) {
    const body = line.replace(/^#\s*/, "").trim();
    command += ` ${body.replace(/\\$/, "")}`;
    if (!body.endsWith("\\")) break;
  }
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string);
}

/** Values of a repeated flag (`-e A=1 -e B=2`). */
function flagValues(words: string[], ...flags: string[]): string[] {
  return words.flatMap((w, i) => (flags.includes(w) ? [words[i + 1] as string] : []));
}

describe("the documented docker run line", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Container image"));
  const words = dockerRunWords(section.slice(0, section.indexOf("\n## ", 3)));
  const env = dockerEnv(instructions, runtime);

  it("is the same command as the Dockerfile's header comment", () => {
    expect(dockerRunWords(readFileSync(DOCKERFILE, "utf8"))).toEqual(words);
  });

  it("runs as the owner of the MSP files, which `certs` writes with a 0600 key", async () => {
    expect(flagValues(words, "--user", "-u")).toEqual(["$(id -u):$(id -g)"]);
    const { dir, material, remove } = await scratchDevMaterial(1);
    try {
      const mspDir = material.peers[0]?.mspDir as string;
      const keystore = join(mspDir, "keystore");
      const keyMode = statSync(join(keystore, readdirSync(keystore)[0] as string)).mode;
      // Only the owner may read the key: the image's node user (uid 1000) could not, unless it is you.
      expect(keyMode & 0o077).toBe(0);
      const [source, target, mode] = (flagValues(words, "-v")[0] as string).split(":");
      expect(source).toBe(`$PWD/crypto/${relative(dir, mspDir)}`);
      expect(target).toBe(env.CORE_PEER_MSPCONFIGPATH);
      expect(mode).toBe("ro");
    } finally {
      remove();
    }
  });

  it("publishes the ports the image listens on and names the image the build line tags", () => {
    const published = flagValues(words, "-p").map((p) => p.split(":"));
    const exposed = last(runtime, "EXPOSE").args.split(/\s+/).sort();
    expect(published.map(([, container]) => container).sort()).toEqual(exposed);
    for (const [host, container] of published) expect(host).toBe(container);
    expect(words.at(-1)).toBe(`fabric-gossip-node:${pkg.version}`);
    expect(section).toContain(`docker build -f deploy/Dockerfile -t ${words.at(-1)}`);
  });

  it("with the image's environment, its -e variables load into a valid configuration", () => {
    const variables = Object.fromEntries(
      flagValues(words, "-e").map((pair) => [
        pair.slice(0, pair.indexOf("=")),
        pair.slice(pair.indexOf("=") + 1),
      ]),
    );
    expect(Object.keys(variables)).toContain("CORE_PEER_LOCALMSPID");
    const { config } = loadConfig({ env: { ...env, ...variables }, cwd: tmpdir(), dotenv: false });
    expect(config.localMspId).toBe(variables.CORE_PEER_LOCALMSPID);
    expect(config.mspConfigPath).toBe(env.CORE_PEER_MSPCONFIGPATH);
    expect(config.listenAddress).toBe("0.0.0.0:7051");
  });
});
