// End to end: the built CLI as separate processes, configured only through
// the environment, talking gRPC and HTTP on 127.0.0.1.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, freePort, type RunningCli, runCli, startCli } from "../support/processes.js";
import { waitFor } from "../support/wait.js";

let workDir: string;
const running: RunningCli[] = [];

beforeAll(async () => {
  await buildCli();
  workDir = await mkdtemp(join(tmpdir(), "fgn-e2e-"));
}, 180_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await rm(workDir, { recursive: true, force: true });
});

const FAST_ENV = {
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "200ms",
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "2s",
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: "500ms",
  CORE_PEER_GOSSIP_MEMBERSHIPACKTIMEOUT: "1s",
  CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: "2s",
  CORE_PEER_GOSSIP_PULLINTERVAL: "500ms",
  FABRIC_LOGGING_SPEC: "info",
};

/** A TCP server on 127.0.0.1 with an OS-chosen port, to make that port busy. */
function listenOnLoopback(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

describe("the fabric-gossip-node command", () => {
  it("prints its usage with --help and exits 0; an unknown command exits 2", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: fabric-gossip-node <command>/);
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it("stops at once with exit code 2 and names the variable when a value is malformed", async () => {
    const result = await runCli(["start"], {
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "5",
      CORE_PEER_GOSSIP_PROPAGATEPEERNUM: "x",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: expected a duration/);
    expect(result.stderr).toMatch(/CORE_PEER_GOSSIP_PROPAGATEPEERNUM/);
  });

  it("prints the effective configuration of a core.yaml, with the environment overriding it and secrets redacted", async () => {
    const result = await runCli(["config", "--config", "examples/core.yaml"], {
      CORE_PEER_ID: "from-env",
      FGN_ADMIN_TOKEN: "s3cret-token-value-long-enough",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^CORE_PEER_ID\s+from-env\s+\(env\)$/m);
    expect(result.stdout).toMatch(/^CORE_PEER_LOCALMSPID\s+Org1MSP\s+\(file\)$/m);
    expect(result.stdout).toMatch(/^FGN_ADMIN_TOKEN\s+\*\*\*/m);
    expect(result.stdout).not.toContain("s3cret");
  });

  it("three `start` processes configured only through the environment form one membership, and stop cleanly on SIGTERM", async () => {
    const crypto = join(workDir, "crypto");
    const certs = await runCli(["certs", "--out", crypto, "--peers", "3"]);
    expect(certs.code).toBe(0);

    const gossipPorts = [await freePort(), await freePort(), await freePort()];
    const adminPorts = [await freePort(), await freePort(), await freePort()];
    const gossip = gossipPorts.map((p) => `127.0.0.1:${p}`);
    for (let i = 0; i < 3; i++) {
      running.push(
        startCli(["start"], {
          ...FAST_ENV,
          CORE_PEER_ID: `peer${i}`,
          CORE_PEER_LISTENADDRESS: gossip[i],
          CORE_PEER_ADDRESS: gossip[i],
          CORE_PEER_GOSSIP_BOOTSTRAP: i === 0 ? "" : gossip[0],
          CORE_PEER_LOCALMSPID: "Org1MSP",
          CORE_PEER_MSPCONFIGPATH: join(crypto, "peers", `peer${i}.org1.example.com`, "msp"),
          CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${adminPorts[i]}`,
        }),
      );
    }
    const membersOf = async (i: number) =>
      ((await getJson(`http://127.0.0.1:${adminPorts[i]}/v1/members?state=alive`)) as { members: unknown[] })
        .members;
    await waitFor(
      async () => {
        try {
          const counts = await Promise.all([0, 1, 2].map(membersOf));
          return counts.every((m) => m.length === 2);
        } catch {
          return false;
        }
      },
      "three processes to see each other alive",
      30_000,
      200,
    );
    const ready = await fetch(`http://127.0.0.1:${adminPorts[1]}/readyz`);
    expect(ready.status).toBe(200);

    const codes = await Promise.all(running.splice(0).map((r) => r.stop()));
    expect(codes).toEqual([0, 0, 0]);
  }, 90_000);

  it("exits 2 within seconds, naming CORE_OPERATIONS_LISTENADDRESS, when the admin port is taken", async () => {
    const crypto = join(workDir, "crypto-busy-port");
    expect((await runCli(["certs", "--out", crypto, "--peers", "1"])).code).toBe(0);
    const msp = join(crypto, "peers", "peer0.org1.example.com", "msp");
    // A CRL the node cannot honour: start-up must say so before it gets to the admin server.
    await mkdir(join(msp, "crls"), { recursive: true });
    await writeFile(join(msp, "crls", "revoked.pem"), "-----BEGIN X509 CRL-----\n");

    const blocker = await listenOnLoopback();
    const port = (blocker.address() as { port: number }).port;
    try {
      const started = Date.now();
      // runCli rejects if the process is still running at the timeout: the node must not linger.
      const result = await runCli(
        ["start"],
        {
          ...FAST_ENV,
          CORE_PEER_ID: "busy",
          CORE_PEER_LISTENADDRESS: `127.0.0.1:${await freePort()}`,
          CORE_PEER_LOCALMSPID: "Org1MSP",
          CORE_PEER_MSPCONFIGPATH: msp,
          CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${port}`,
        },
        20_000,
      );
      expect(result.code).toBe(2);
      expect(Date.now() - started).toBeLessThan(20_000);
      const message = result.stderr.trim();
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toMatch(/CORE_OPERATIONS_LISTENADDRESS/);
      expect(message).toContain(`127.0.0.1:${port}`);
      expect(message).toMatch(/EADDRINUSE/);
      expect(result.stdout).toMatch(/has CRLs in crls\/; revocation is not checked by this node/);
      // The gossip node had started; it was stopped before the process exited.
      expect(result.stdout).toMatch(/gossip node stopped/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 90_000);

  it("keeps the demo running until Ctrl-C, then stops every node and exits 0", async () => {
    const demo = startCli(["demo", "--nodes", "2", "--data-dir", join(workDir, "demo-sigint")], {});
    running.push(demo);
    await waitFor(() => demo.output().includes("press Ctrl-C to stop"), "the demo to converge", 60_000, 100);
    demo.child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => demo.child.once("exit", resolve));
    expect(code).toBe(0);
  }, 90_000);

  it("runs the zero-config demo to convergence", async () => {
    const result = await runCli(
      ["demo", "--nodes", "3", "--exit-when-converged", "--data-dir", join(workDir, "demo")],
      {},
      90_000,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/membership converged: every node sees the other 2 alive/);
    expect(result.stdout).toMatch(/admin http:\/\/127\.0\.0\.1:\d+/);
  }, 120_000);
});
