import { X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IdentityValidator,
  loadLocalMsp,
  loadMspTrust,
  loadMspTrustWithWarnings,
  MspLoadError,
  serializeIdentity,
} from "../../../src/identity/index.js";
import { encodePem } from "../../../src/identity/pem.js";
import { highSVariant } from "../../support/high-s.js";
import { makeOrg, type TestOrg, type TestPeer } from "../../support/identities.js";

let root: string;
let org: TestOrg;
let peer: TestPeer;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "msp-test-"));
  org = await makeOrg("Org1MSP");
  peer = await org.newPeer();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const CONFIG_YAML = `NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/my-ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/my-ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/my-ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/my-ca.pem
    OrganizationalUnitIdentifier: orderer
`;

/** Writes an MSP folder; a value of undefined for a sub-folder leaves it out entirely. */
async function writeMsp(files: Record<string, string | undefined>): Promise<string> {
  const dir = join(root, `msp${counter++}`);
  await mkdir(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    if (content === undefined) {
      await mkdir(path, { recursive: true });
      continue;
    }
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, content);
  }
  return dir;
}

function standardMsp(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    "cacerts/my-ca.pem": org.caCertPem,
    "signcerts/whatever.pem": peer.certPem,
    "keystore/abc123_sk": peer.keyPem,
    "tlscacerts/tls.pem": org.tlsCaCertPem,
    "config.yaml": CONFIG_YAML,
    ...overrides,
  };
}

async function loadError(dir: string): Promise<MspLoadError> {
  try {
    await loadLocalMsp(dir, "Org1MSP");
  } catch (err) {
    expect(err).toBeInstanceOf(MspLoadError);
    return err as MspLoadError;
  }
  throw new Error("expected loadLocalMsp to fail");
}

describe("loadLocalMsp", () => {
  it("loads an MSP whose files have arbitrary names (keystore/abc123_sk, signcerts/whatever.pem)", async () => {
    const dir = await writeMsp(standardMsp());
    const local = await loadLocalMsp(dir, "Org1MSP");
    expect(local.signingIdentity.mspId).toBe("Org1MSP");
    expect(local.signingIdentity.certificatePem).toBe(peer.certPem);
    expect(Buffer.from(local.signingIdentity.pkiId).equals(Buffer.from(peer.signingIdentity.pkiId))).toBe(
      true,
    );
    expect(local.trust.rootCerts).toHaveLength(1);
    expect(local.trust.nodeOUs).toMatchObject({ enabled: true, peerOU: "peer", clientOU: "client" });
    expect(local.tlsRootCertsPem).toEqual([org.tlsCaCertPem]);
    const validator = new IdentityValidator([local.trust], Date.now);
    const v = validator.validate(local.signingIdentity.serialized);
    const data = new TextEncoder().encode("x");
    expect(v.verify(data, local.signingIdentity.sign(data))).toBe(true);
  });

  it("accepts a SEC1 'EC PRIVATE KEY' and picks the matching key among several", async () => {
    const other = await org.newPeer();
    const { createPrivateKey } = await import("node:crypto");
    const sec1 = createPrivateKey(peer.keyPem).export({ type: "sec1", format: "pem" }) as string;
    const dir = await writeMsp(
      standardMsp({ "keystore/abc123_sk": undefined, "keystore/a_sk": other.keyPem, "keystore/b_sk": sec1 }),
    );
    const local = await loadLocalMsp(dir, "Org1MSP");
    expect(local.signingIdentity.certificatePem).toBe(peer.certPem);
  });

  it("serializes the signing certificate in Fabric's canonical form (low-S, Go PEM) even if the file is not", async () => {
    const high = highSVariant(new X509Certificate(peer.certPem).raw);
    const messyPem = encodePem("CERTIFICATE", high).replace(/\n/g, "\r\n");
    const dir = await writeMsp(standardMsp({ "signcerts/whatever.pem": messyPem }));
    const local = await loadLocalMsp(dir, "Org1MSP");
    expect(local.signingIdentity.certificatePem).toBe(peer.certPem);
    expect(
      Buffer.from(local.signingIdentity.serialized).equals(
        Buffer.from(serializeIdentity("Org1MSP", peer.certPem)),
      ),
    ).toBe(true);
  });

  it("names the directory when it does not exist", async () => {
    const missing = join(root, "no-such-msp");
    const err = await loadError(missing);
    expect(err.path).toBe(missing);
    expect(err.message).toContain(missing);
    expect(err.message).toMatch(/does not exist/);
  });

  it("names signcerts/ when it is missing", async () => {
    const dir = await writeMsp(standardMsp({ "signcerts/whatever.pem": undefined }));
    await rm(join(dir, "signcerts"), { recursive: true });
    const err = await loadError(dir);
    expect(err.message).toContain(join(dir, "signcerts"));
    expect(err.message).toMatch(/missing/);
  });

  it("names signcerts/ when it is empty", async () => {
    const dir = await writeMsp(standardMsp({ "signcerts/whatever.pem": undefined }));
    await rm(join(dir, "signcerts", "whatever.pem"), { recursive: true });
    const err = await loadError(dir);
    expect(err.message).toContain(join(dir, "signcerts"));
    expect(err.message).toMatch(/empty/);
  });

  it("names cacerts/ when it is missing", async () => {
    const dir = await writeMsp(standardMsp({ "cacerts/my-ca.pem": undefined, "config.yaml": "" }));
    await rm(join(dir, "cacerts"), { recursive: true });
    const err = await loadError(dir);
    expect(err.message).toContain(join(dir, "cacerts"));
  });

  it("names the keystore when it is missing", async () => {
    const dir = await writeMsp(standardMsp({ "keystore/abc123_sk": undefined }));
    await rm(join(dir, "keystore"), { recursive: true });
    const err = await loadError(dir);
    expect(err.message).toContain(join(dir, "keystore"));
  });

  it("names the file that is not PEM", async () => {
    const dir = await writeMsp(standardMsp({ "cacerts/broken.pem": "this is not a certificate\n" }));
    const err = await loadError(dir);
    expect(err.path).toBe(join(dir, "cacerts", "broken.pem"));
    expect(err.message).toMatch(/not a PEM certificate/);
  });

  it("names the keystore and the certificate when no key matches the certificate", async () => {
    const stranger = await org.newPeer();
    const dir = await writeMsp(standardMsp({ "keystore/abc123_sk": stranger.keyPem }));
    const err = await loadError(dir);
    expect(err.message).toContain(join(dir, "keystore"));
    expect(err.message).toContain(join(dir, "signcerts", "whatever.pem"));
    expect(err.message).toMatch(/no private key matches/);
  });

  it("refuses a signing certificate that its own cacerts/ does not vouch for", async () => {
    const otherOrg = await makeOrg("Org2MSP");
    const dir = await writeMsp(standardMsp({ "cacerts/my-ca.pem": otherOrg.caCertPem }));
    const err = await loadError(dir);
    expect(err.message).toContain(join(dir, "signcerts", "whatever.pem"));
    expect(err.message).toMatch(/untrusted_ca/);
  });

  it("names config.yaml when it is not valid", async () => {
    const dir = await writeMsp(standardMsp({ "config.yaml": "NodeOUs: [this is: not, valid" }));
    const err = await loadError(dir);
    expect(err.path).toBe(join(dir, "config.yaml"));
  });

  it("names the certificate file config.yaml points at when it is missing", async () => {
    const dir = await writeMsp(
      standardMsp({ "config.yaml": CONFIG_YAML.replaceAll("my-ca.pem", "gone.pem") }),
    );
    const err = await loadError(dir);
    expect(err.path).toBe(join(dir, "cacerts", "gone.pem"));
  });

  it("loads without config.yaml, leaving NodeOUs off", async () => {
    const dir = await writeMsp(standardMsp({ "config.yaml": undefined }));
    await rm(join(dir, "config.yaml"), { recursive: true });
    const local = await loadLocalMsp(dir, "Org1MSP");
    expect(local.trust.nodeOUs).toBeUndefined();
  });

  it("warns that revocation is not checked when crls/ holds a CRL", async () => {
    const dir = await writeMsp(standardMsp({ "crls/revoked.crl": "-----BEGIN X509 CRL-----\n" }));
    const local = await loadLocalMsp(dir, "Org1MSP");
    expect(local.warnings).toEqual([`MSP ${dir} has CRLs in crls/; revocation is not checked by this node`]);
  });

  it("has no warnings without crls/, or with an empty one (hidden files do not count)", async () => {
    expect((await loadLocalMsp(await writeMsp(standardMsp()), "Org1MSP")).warnings).toEqual([]);
    const empty = await writeMsp(standardMsp({ crls: undefined, "crls/.keep": "" }));
    expect((await loadLocalMsp(empty, "Org1MSP")).warnings).toEqual([]);
  });
});

describe("loadMspTrust", () => {
  it("loads another org's CA material without signcerts or keystore", async () => {
    const dir = await writeMsp({
      "cacerts/ca.pem": org.caCertPem,
      "config.yaml": CONFIG_YAML.replaceAll("my-ca.pem", "ca.pem"),
    });
    const trust = await loadMspTrust(dir, "Org1MSP");
    expect(trust.mspId).toBe("Org1MSP");
    expect(new IdentityValidator([trust], Date.now).validate(peer.signingIdentity.serialized).mspId).toBe(
      "Org1MSP",
    );
  });

  it("reports a non-empty crls/ through loadMspTrustWithWarnings, and still loads the trust", async () => {
    const dir = await writeMsp({ "cacerts/ca.pem": org.caCertPem, "crls/a.pem": "crl" });
    const { trust, warnings } = await loadMspTrustWithWarnings(dir, "Org1MSP");
    expect(trust.mspId).toBe("Org1MSP");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/has CRLs in crls\/; revocation is not checked/);
    expect(warnings[0]).toContain(dir);
    // The plain loader keeps its signature for callers that have nowhere to report.
    expect((await loadMspTrust(dir, "Org1MSP")).mspId).toBe("Org1MSP");
  });

  it("refuses an empty cacerts/ folder, naming it", async () => {
    const dir = await writeMsp({ cacerts: undefined });
    await expect(loadMspTrust(dir, "Org1MSP")).rejects.toThrow(join(dir, "cacerts"));
  });
});
