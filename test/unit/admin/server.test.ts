import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseListenAddress, startAdminServer } from "../../../src/admin/admin-server.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { FakeNodeView } from "../../support/fake-node-view.js";
import { makeOrg, type TestOrg, type TestPeer } from "../../support/identities.js";
import { startHarness } from "./admin-test-kit.js";

describe("parseListenAddress", () => {
  it.each([
    ["127.0.0.1:9443", { host: "127.0.0.1", port: 9443 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["[::1]:9443", { host: "::1", port: 9443 }],
    [":9443", { host: "", port: 9443 }],
    ["0.0.0.0:9443", { host: "0.0.0.0", port: 9443 }],
  ])("reads %s", (address, expected) => {
    expect(parseListenAddress(address)).toEqual(expected);
  });

  it.each(["9443", "127.0.0.1", "127.0.0.1:70000", "::1:9443", "host:port"])("rejects %s", (address) => {
    expect(() => parseListenAddress(address)).toThrow(/not host:port/);
  });
});

describe("startAdminServer", () => {
  it("listens on the given loopback address with a free port and reports the actual one", async () => {
    const h = await startHarness();
    try {
      expect(h.server.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(h.server.address).not.toBe("127.0.0.1:0");
      const res = await fetch(`${h.url}/healthz`);
      expect(res.status).toBe(200);
    } finally {
      await h.server.close();
    }
  });

  it("fails to start, without leaking, when the port is taken", async () => {
    const h = await startHarness();
    try {
      await expect(
        startAdminServer({
          node: new FakeNodeView(),
          logger: silentLogger(),
          listenAddress: h.server.address,
          version: { version: "1", commitSha: "x" },
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await h.server.close();
    }
  });
});

describe("the admin server over TLS", () => {
  let dir: string;
  let org: TestOrg;
  let server: TestPeer;
  let client: TestPeer;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "admin-tls-"));
    org = await makeOrg("Org1MSP");
    server = await org.newPeer("admin.org1.example.com");
    client = await org.newPeer("operator.org1.example.com");
    const write = async (name: string, pem: string) => {
      files[name] = join(dir, name);
      await writeFile(files[name], pem);
    };
    await write("cert.pem", server.tlsCertPem);
    await write("key.pem", server.tlsKeyPem);
    await write("ca.pem", org.tlsCaCertPem);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function get(url: string, options: { cert?: string; key?: string } = {}) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(url, { ca: org.tlsCaCertPem, ...options }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("serves HTTPS with the configured certificate", async () => {
    const h = await startHarness({
      tls: { certFile: files["cert.pem"] ?? "", keyFile: files["key.pem"] ?? "" },
    });
    try {
      expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const res = await get(`${h.url}/healthz`);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).status).toBe("OK");
    } finally {
      await h.server.close();
    }
  });

  it("requires a client certificate from the configured CAs when client auth is required", async () => {
    const h = await startHarness({
      tls: {
        certFile: files["cert.pem"] ?? "",
        keyFile: files["key.pem"] ?? "",
        clientRootCAs: [files["ca.pem"] ?? ""],
        clientAuthRequired: true,
      },
    });
    try {
      await expect(get(`${h.url}/healthz`)).rejects.toThrow();
      const res = await get(`${h.url}/healthz`, { cert: client.tlsCertPem, key: client.tlsKeyPem });
      expect(res.status).toBe(200);
    } finally {
      await h.server.close();
    }
  });

  it("refuses to start when a TLS file cannot be read, naming it", async () => {
    await expect(
      startAdminServer({
        node: new FakeNodeView(),
        logger: silentLogger(),
        listenAddress: "127.0.0.1:0",
        version: { version: "1", commitSha: "x" },
        tls: { certFile: join(dir, "missing.pem"), keyFile: files["key.pem"] ?? "" },
      }),
    ).rejects.toThrow(/certificate .*missing\.pem/);
  });
});
