import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalCertificatePem, withLowSSignature } from "../../../src/identity/certificate.js";
import { encodePem } from "../../../src/identity/pem.js";
import { highSVariant } from "../../support/high-s.js";
import { makeOrg, type TestOrg } from "../../support/identities.js";

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

describe("certificate canonical form", () => {
  it("writes PEM like Go: 64-character base64 lines and a trailing newline", () => {
    const pem = encodePem("CERTIFICATE", new Uint8Array(100).fill(7));
    const lines = pem.split("\n");
    expect(lines[0]).toBe("-----BEGIN CERTIFICATE-----");
    expect(lines[1]?.length).toBe(64);
    expect(pem.endsWith("-----END CERTIFICATE-----\n")).toBe(true);
  });

  it("issued certificates are already canonical", async () => {
    const issued = await org.issue({ cn: "peer0.org1.example.com", ou: "peer" });
    const der = new X509Certificate(issued.certPem).raw;
    expect(canonicalCertificatePem(der, org.ca.certificate)).toBe(issued.certPem);
  });

  it("replaces a high-S certificate signature with its low-S twin, as Fabric's MSP does", async () => {
    const issued = await org.issue({ cn: "peer0.org1.example.com", ou: "peer" });
    const high = highSVariant(new X509Certificate(issued.certPem).raw);
    const highCert = new X509Certificate(Buffer.from(high));
    expect(highCert.verify(org.ca.certificate.publicKey)).toBe(true); // still valid for OpenSSL
    expect(canonicalCertificatePem(high, org.ca.certificate)).toBe(issued.certPem);
    expect(Buffer.from(withLowSSignature(high)).equals(new X509Certificate(issued.certPem).raw)).toBe(true);
  });
});
