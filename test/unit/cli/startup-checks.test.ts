import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkStartup, StartupCheckError } from "../../../src/cli/startup-checks.js";
import { loadConfig } from "../../../src/config/load-config.js";
import type { NodeConfig } from "../../../src/config/node-config.js";
import { generateDevMaterial } from "../../../src/identity/dev-ca.js";

let dir: string;
let org1Peer: string;
let org1Msp: string;
let tlsDir: string;
let otherTlsKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fgn-startup-"));
  await generateDevMaterial({
    outDir: join(dir, "org1"),
    org: "org1.example.com",
    mspId: "Org1MSP",
    peers: 1,
  });
  await generateDevMaterial({ outDir: join(dir, "acme"), org: "acme.com", mspId: "AcmeMSP", peers: 1 });
  org1Peer = join(dir, "org1", "peers", "peer0.org1.example.com", "msp");
  org1Msp = join(dir, "org1", "msp");
  tlsDir = join(dir, "org1", "peers", "peer0.org1.example.com", "tls");
  otherTlsKey = join(dir, "acme", "peers", "peer0.acme.com", "tls", "server.key");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function configOf(env: Record<string, string>): NodeConfig {
  return loadConfig({ env: { CORE_PEER_MSPCONFIGPATH: org1Peer, ...env }, cwd: dir, dotenv: false }).config;
}

async function failure(config: NodeConfig, options = {}): Promise<StartupCheckError> {
  const err = await checkStartup(config, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StartupCheckError);
  const checked = err as StartupCheckError;
  expect(checked.message.split("\n")).toHaveLength(1);
  return checked;
}

const gossipTls = () => ({
  CORE_PEER_TLS_ENABLED: "true",
  CORE_PEER_TLS_CERT_FILE: join(tlsDir, "server.crt"),
  CORE_PEER_TLS_KEY_FILE: join(tlsDir, "server.key"),
  CORE_PEER_TLS_ROOTCERT_FILE: join(tlsDir, "ca.crt"),
});

describe("checkStartup", () => {
  it("passes a consistent MSP and TLS setup, returning the MSPs it loaded for the node", async () => {
    const msps = await checkStartup(
      configOf({
        CORE_PEER_LOCALMSPID: "Org1MSP",
        FGN_TRUSTED_MSPS: `AcmeMSP=${join(dir, "acme", "msp")}`,
        ...gossipTls(),
      }),
    );
    expect(msps.local.signingIdentity.mspId).toBe("Org1MSP");
    expect(msps.trusted.map((t) => t.trust.mspId)).toEqual(["AcmeMSP"]);
  });

  it("names CORE_PEER_LOCALMSPID when another trusted org's CA issued the signing certificate", async () => {
    const err = await failure(
      configOf({ CORE_PEER_LOCALMSPID: "AcmeMSP", FGN_TRUSTED_MSPS: `Org1MSP=${org1Msp}` }),
    );
    expect(err.variable).toBe("CORE_PEER_LOCALMSPID");
    expect(err.message).toMatch(/is AcmeMSP, but the signing certificate is issued by the CA of Org1MSP/);
  });

  it("names CORE_PEER_LOCALMSPID when the ID is another org number of Fabric's sample naming", async () => {
    const err = await failure(configOf({ CORE_PEER_LOCALMSPID: "Org2MSP" }));
    expect(err.variable).toBe("CORE_PEER_LOCALMSPID");
    expect(err.message).toMatch(/org1\.example\.com, whose MSP ID is Org1MSP/);
  });

  it("names CORE_PEER_MSPCONFIGPATH when the MSP directory does not exist", async () => {
    const missing = join(dir, "no-such-msp");
    const err = await failure(
      configOf({ CORE_PEER_LOCALMSPID: "Org1MSP", CORE_PEER_MSPCONFIGPATH: missing }),
    );
    expect(err.message).toBe(`CORE_PEER_MSPCONFIGPATH (${missing}): MSP directory does not exist`);
  });

  it("maps an unreadable file (EACCES, which root cannot provoke with chmod) to one line naming its variable", async () => {
    const keyFile = join(tlsDir, "server.key");
    const readFileDenied = async (path: string) => {
      if (path === keyFile)
        throw Object.assign(new Error(`EACCES: open '${path}'`), { code: "EACCES", path });
      return readFile(path, "utf8");
    };
    const err = await failure(configOf({ CORE_PEER_LOCALMSPID: "Org1MSP", ...gossipTls() }), {
      readFile: readFileDenied,
    });
    expect(err.message).toBe(`CORE_PEER_TLS_KEY_FILE (${keyFile}): permission denied (EACCES)`);
  });

  it("refuses a TLS key that does not belong to the certificate, and a file that is not PEM", async () => {
    const mismatch = await failure(
      configOf({ CORE_PEER_LOCALMSPID: "Org1MSP", ...gossipTls(), CORE_PEER_TLS_KEY_FILE: otherTlsKey }),
    );
    expect(mismatch.message).toMatch(/^CORE_PEER_TLS_KEY_FILE \(.*\): does not match the certificate/);
    const notPem = join(dir, "not-a-cert.pem");
    await writeFile(notPem, "hello\n");
    const bad = await failure(
      configOf({ CORE_PEER_LOCALMSPID: "Org1MSP", ...gossipTls(), CORE_PEER_TLS_ROOTCERT_FILE: notPem }),
    );
    expect(bad.message).toBe(`CORE_PEER_TLS_ROOTCERT_FILE (${notPem}): is not a PEM certificate file`);
  });

  it("reads the admin TLS files too, naming their variables", async () => {
    const missing = join(dir, "missing-admin.crt");
    const err = await failure(
      configOf({
        CORE_PEER_LOCALMSPID: "Org1MSP",
        CORE_OPERATIONS_TLS_ENABLED: "true",
        CORE_OPERATIONS_TLS_CERT_FILE: missing,
        CORE_OPERATIONS_TLS_KEY_FILE: join(tlsDir, "server.key"),
      }),
    );
    expect(err.message).toBe(
      `CORE_OPERATIONS_TLS_CERT_FILE (${missing}): no such file or directory (ENOENT)`,
    );
  });
});
