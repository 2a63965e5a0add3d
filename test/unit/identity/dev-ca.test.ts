import { X509Certificate } from "node:crypto";
import { access, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DevMaterial,
  generateDevMaterial,
  IdentityValidator,
  loadLocalMsp,
  loadMspTrust,
} from "../../../src/identity/index.js";

let out: string;
let material: DevMaterial;
const ORG = "org1.example.com";

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "dev-ca-test-"));
  material = await generateDevMaterial({
    outDir: out,
    org: ORG,
    mspId: "Org1MSP",
    peers: 2,
    hosts: ["gossip.local", "10.0.0.7"],
  });
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("generateDevMaterial", () => {
  it("writes cryptogen's layout", async () => {
    const expected = [
      `ca/ca.${ORG}-cert.pem`,
      "ca/priv_sk",
      `tlsca/tlsca.${ORG}-cert.pem`,
      "tlsca/priv_sk",
      `msp/cacerts/ca.${ORG}-cert.pem`,
      `msp/tlscacerts/tlsca.${ORG}-cert.pem`,
      "msp/config.yaml",
      ...[0, 1].flatMap((i) => [
        `peers/peer${i}.${ORG}/msp/signcerts/peer${i}.${ORG}-cert.pem`,
        `peers/peer${i}.${ORG}/msp/keystore/priv_sk`,
        `peers/peer${i}.${ORG}/msp/cacerts/ca.${ORG}-cert.pem`,
        `peers/peer${i}.${ORG}/msp/tlscacerts/tlsca.${ORG}-cert.pem`,
        `peers/peer${i}.${ORG}/msp/config.yaml`,
        `peers/peer${i}.${ORG}/tls/server.crt`,
        `peers/peer${i}.${ORG}/tls/server.key`,
        `peers/peer${i}.${ORG}/tls/ca.crt`,
      ]),
    ];
    for (const rel of expected) await expect(access(join(out, rel))).resolves.toBeUndefined();
    expect(material.peers.map((p) => p.name)).toEqual([`peer0.${ORG}`, `peer1.${ORG}`]);
    expect(material.peers[0]?.mspDir).toBe(join(out, "peers", `peer0.${ORG}`, "msp"));
    expect(material.peers[0]?.tlsDir).toBe(join(out, "peers", `peer0.${ORG}`, "tls"));
  });

  it("writes private keys with mode 0600", async () => {
    const keys = [
      "ca/priv_sk",
      "tlsca/priv_sk",
      `peers/peer0.${ORG}/msp/keystore/priv_sk`,
      `peers/peer0.${ORG}/tls/server.key`,
    ];
    for (const rel of keys) expect((await stat(join(out, rel))).mode & 0o777).toBe(0o600);
  });

  it("produces peer MSPs that load and validate against their own trust", async () => {
    for (const peer of material.peers) {
      const local = await loadLocalMsp(peer.mspDir, "Org1MSP");
      expect(local.signingIdentity.certificatePem).toBe(peer.certPem);
      const v = new IdentityValidator([local.trust], Date.now).validate(local.signingIdentity.serialized);
      const data = new TextEncoder().encode("alive");
      expect(v.verify(data, local.signingIdentity.sign(data))).toBe(true);
      expect(local.trust.nodeOUs?.enabled).toBe(true);
    }
  });

  it("lets the org-level MSP validate every peer", async () => {
    const trust = await loadMspTrust(material.orgMspDir, "Org1MSP");
    const validator = new IdentityValidator([trust], Date.now);
    for (const peer of material.peers) {
      const local = await loadLocalMsp(peer.mspDir, "Org1MSP");
      expect(validator.validate(local.signingIdentity.serialized).mspId).toBe("Org1MSP");
    }
  });

  it("gives signing certificates cryptogen's subject and shape", async () => {
    const cert = new X509Certificate(material.peers[0]?.certPem ?? "");
    expect(cert.subject).toBe(`C=US\nST=California\nL=San Francisco\nOU=peer\nCN=peer0.${ORG}`);
    expect(cert.ca).toBe(false);
    const caCert = new X509Certificate(material.caCertPem);
    expect(caCert.ca).toBe(true);
    expect(cert.checkIssued(caCert)).toBe(true);
  });

  it("issues TLS certificates for server and client use, with the expected SANs", async () => {
    const tlsDir = material.peers[0]?.tlsDir ?? "";
    const cert = new X509Certificate(await readFile(join(tlsDir, "server.crt")));
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkHost(`peer0.${ORG}`)).toBe(`peer0.${ORG}`);
    expect(cert.checkHost("gossip.local")).toBe("gossip.local");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("10.0.0.7")).toBe("10.0.0.7");
    expect(cert.keyUsage).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
    const tlsCa = new X509Certificate(await readFile(join(tlsDir, "ca.crt")));
    expect(cert.checkIssued(tlsCa) && cert.verify(tlsCa.publicKey)).toBe(true);
    expect(tlsCa.toString()).toBe(new X509Certificate(material.tlsCaCertPem).toString());
  });

  it("leaves out config.yaml and the role OU when NodeOUs are disabled", async () => {
    const plainOut = await mkdtemp(join(tmpdir(), "dev-ca-plain-"));
    try {
      const plain = await generateDevMaterial({
        outDir: plainOut,
        org: "org9.example.com",
        mspId: "Org9MSP",
        peers: 1,
        nodeOUs: false,
      });
      const mspDir = plain.peers[0]?.mspDir ?? "";
      await expect(access(join(mspDir, "config.yaml"))).rejects.toThrow();
      const local = await loadLocalMsp(mspDir, "Org9MSP");
      expect(local.trust.nodeOUs).toBeUndefined();
      expect(new X509Certificate(local.signingIdentity.certificatePem).subject).not.toContain("OU=");
    } finally {
      await rm(plainOut, { recursive: true, force: true });
    }
  });
});
