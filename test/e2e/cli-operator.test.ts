// End to end, as an operator meets the CLI: start-up checks that stop before any port
// opens, per-command help, the members command against a running node, a closed
// stdout, and the demo cleaning up after Ctrl-C. Real processes, loopback, OS ports.
import { spawn } from "node:child_process";
import { access, chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, CLI, freePort, type RunningCli, runCli, startCli } from "../support/processes.js";
import { waitFor } from "../support/wait.js";

let workDir: string;
let org1: string;
const running: RunningCli[] = [];

beforeAll(async () => {
  await buildCli();
  workDir = await mkdtemp(join(tmpdir(), "fgn-e2e-operator-"));
  org1 = join(workDir, "org1");
  expect((await runCli(["certs", "--out", org1, "--peers", "2"])).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await rm(workDir, { recursive: true, force: true });
});

const peerDir = (i: number) => join(org1, "peers", `peer${i}.org1.example.com`);

/** A node's environment on free loopback ports. */
async function nodeEnv(i: number): Promise<Record<string, string>> {
  const gossip = `127.0.0.1:${await freePort()}`;
  return {
    CORE_PEER_ID: `peer${i}`,
    CORE_PEER_LISTENADDRESS: gossip,
    CORE_PEER_ADDRESS: gossip,
    CORE_PEER_LOCALMSPID: "Org1MSP",
    CORE_PEER_MSPCONFIGPATH: join(peerDir(i), "msp"),
    CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${await freePort()}`,
    CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "200ms",
    CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "2s",
    CORE_PEER_GOSSIP_RECONNECTINTERVAL: "500ms",
    CORE_PEER_GOSSIP_MEMBERSHIPACKTIMEOUT: "1s",
    FABRIC_LOGGING_SPEC: "info",
  };
}

/** Exit 2, one line on stderr, and the gossip server never listened. */
function expectRefusedBeforeListening(result: { code: number | null; stdout: string; stderr: string }) {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).not.toMatch(/gossip server listening/);
  return lines[0] as string;
}

describe("start-up checks", () => {
  it("exits 2 with one line naming CORE_PEER_LOCALMSPID when the signing certificate is another org's", async () => {
    const result = await runCli(["start"], { ...(await nodeEnv(0)), CORE_PEER_LOCALMSPID: "Org2MSP" });
    const line = expectRefusedBeforeListening(result);
    expect(line).toMatch(/^fabric-gossip-node: CORE_PEER_LOCALMSPID \(.*msp\): is Org2MSP, but/);
  });

  it("exits 2 naming CORE_OPERATIONS_TLS_KEY_FILE when an admin TLS file is missing, before the gossip server listened", async () => {
    const env = await nodeEnv(0);
    const missing = join(workDir, "no-such-admin.key");
    const result = await runCli(["start"], {
      ...env,
      CORE_OPERATIONS_TLS_ENABLED: "true",
      CORE_OPERATIONS_TLS_CERT_FILE: join(peerDir(0), "tls", "server.crt"),
      CORE_OPERATIONS_TLS_KEY_FILE: missing,
    });
    const line = expectRefusedBeforeListening(result);
    expect(line).toBe(
      `fabric-gossip-node: CORE_OPERATIONS_TLS_KEY_FILE (${missing}): no such file or directory (ENOENT)`,
    );
  });

  it("exits 2 naming CORE_PEER_TLS_KEY_FILE when the key cannot be read", async () => {
    const result = await runCli(["start"], {
      ...(await nodeEnv(0)),
      CORE_PEER_TLS_ENABLED: "true",
      CORE_PEER_TLS_CERT_FILE: join(peerDir(0), "tls", "server.crt"),
      CORE_PEER_TLS_KEY_FILE: workDir,
      CORE_PEER_TLS_ROOTCERT_FILE: join(peerDir(0), "tls", "ca.crt"),
    });
    const line = expectRefusedBeforeListening(result);
    expect(line).toBe(
      `fabric-gossip-node: CORE_PEER_TLS_KEY_FILE (${workDir}): is a directory, not a file (EISDIR)`,
    );
  });

  // chmod 000 does not stop root; the EACCES mapping itself is unit-tested in test/unit/cli.
  it.skipIf(process.getuid?.() === 0)(
    "exits 2 naming CORE_PEER_MSPCONFIGPATH when the key is unreadable",
    async () => {
      const crypto = join(workDir, "unreadable");
      expect((await runCli(["certs", "--out", crypto])).code).toBe(0);
      const key = join(crypto, "peers", "peer0.org1.example.com", "msp", "keystore", "priv_sk");
      await chmod(key, 0o000);
      const result = await runCli(["start"], {
        ...(await nodeEnv(0)),
        CORE_PEER_MSPCONFIGPATH: join(crypto, "peers", "peer0.org1.example.com", "msp"),
      });
      const line = expectRefusedBeforeListening(result);
      expect(line).toBe(`fabric-gossip-node: CORE_PEER_MSPCONFIGPATH (${key}): permission denied (EACCES)`);
    },
  );

  it("names CORE_PEER_MSPCONFIGPATH when the MSP directory does not exist", async () => {
    const missing = join(workDir, "no-msp-here");
    const result = await runCli(["start"], { ...(await nodeEnv(0)), CORE_PEER_MSPCONFIGPATH: missing });
    const line = expectRefusedBeforeListening(result);
    expect(line).toBe(
      `fabric-gossip-node: CORE_PEER_MSPCONFIGPATH (${missing}): MSP directory does not exist`,
    );
  });
});

describe("the command line", () => {
  it.each(["start", "demo", "certs", "config", "members"])(
    "prints `%s --help` and exits 0",
    async (command) => {
      const result = await runCli([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: fabric-gossip-node ${command}\\b`));
      expect(result.stdout).not.toMatch(/^Commands:/m);
    },
  );

  it("ends quietly when the reader of stdout has gone (EPIPE)", async () => {
    const child = spawn(process.execPath, [CLI, "certs", "--out", join(workDir, "epipe")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Nobody reads stdout: the CLI's first line meets a closed pipe.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(stderr).toMatch(/^warning: private keys/);
    expect(code).toBe(0);
  });

  it("says where certs wrote private keys", async () => {
    const out = join(workDir, "certs-warning");
    const result = await runCli(["certs", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `warning: private keys (mode 0600) were written to ${join(out, "ca", "priv_sk")}`,
    );
  });
});

describe("members", () => {
  it("lists a running node's view as a table and as JSON, and fails in one line when the node is down", async () => {
    const envs = [await nodeEnv(0), await nodeEnv(1)];
    envs[1] = {
      ...(envs[1] as Record<string, string>),
      CORE_PEER_GOSSIP_BOOTSTRAP: envs[0]?.CORE_PEER_ADDRESS ?? "",
    };
    for (const env of envs) running.push(startCli(["start"], env));
    const admin = `http://${envs[0]?.CORE_OPERATIONS_LISTENADDRESS}`;
    const json = await waitFor(
      async () => {
        const r = await runCli(["members", "--admin", admin, "--json", "--state", "alive"]);
        const members = r.code === 0 ? (JSON.parse(r.stdout) as { members: unknown[] }).members : [];
        return members.length === 1 ? (r.stdout as string) : undefined;
      },
      "node 0 to list node 1 as alive",
      30_000,
      200,
    );
    type Member = { pki_id: string; endpoint: string; internal_endpoint: string };
    const member = (JSON.parse(json) as { members: Member[] }).members[0] as Member;
    expect(member.internal_endpoint).toBe(envs[1]?.CORE_PEER_ADDRESS);

    // Without --admin, the address comes from the same configuration as `start`.
    const table = await runCli(["members"], envs[0]);
    expect(table.code).toBe(0);
    const [header, row, ...more] = table.stdout.trim().split("\n");
    expect(header).toMatch(/^PKI-ID\s+MSP\s+ENDPOINT\s+INTERNAL ENDPOINT\s+STATE\s+SINCE\s+FLAPS$/);
    expect(more).toEqual([]);
    // A same-org member publishes no external endpoint by default: "-".
    const cells = `^${member.pki_id.slice(0, 12)}\\s+Org1MSP\\s+-\\s+${member.internal_endpoint}\\s+alive\\s+\\d+\\S* ago\\s+0$`;
    expect(row).toMatch(new RegExp(cells));

    const down = await runCli(["members", "--admin", `http://127.0.0.1:${await freePort()}`]);
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split("\n")).toHaveLength(1);
    expect(down.stderr).toMatch(
      /cannot reach the admin API at http:\/\/127\.0\.0\.1:\d+: connection refused/,
    );

    const badState = await runCli(["members", "--admin", admin, "--state", "zombie"]);
    expect(badState.code).toBe(2);
  }, 90_000);
});

describe("demo", () => {
  it("removes its temporary directory, keys included, after Ctrl-C", async () => {
    const tmp = await mkdtemp(join(workDir, "demo-tmp-"));
    const demo = startCli(["demo", "--nodes", "2"], { TMPDIR: tmp });
    running.push(demo);
    const output = await waitFor(
      () => demo.output().includes("press Ctrl-C to stop") && demo.output(),
      "the demo to converge",
      60_000,
      100,
    );
    const dataDir = /written to (\S+)/.exec(output)?.[1] as string;
    expect(dataDir.startsWith(tmp)).toBe(true);
    await access(join(dataDir, "peers"));
    demo.child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => demo.child.once("exit", resolve));
    expect(code).toBe(0);
    // On Node.js >= 22.1 the CLI's compile cache lives under $TMPDIR too: that one is Node's, kept on purpose.
    expect((await readdir(tmp)).filter((entry) => entry !== "node-compile-cache")).toEqual([]);
  }, 90_000);
});
