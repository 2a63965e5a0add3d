import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  canonicalCertificatePem,
  leafFactsOf,
  withLowSSignature,
} from "../../../src/identity/certificate.js";
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

  it("reads every subject OU in order, and the key's curve", async () => {
    const issued = await org.issue({ cn: "x.org1.example.com", ou: ["peer", "dept7"] });
    expect(leafFactsOf(new X509Certificate(issued.certPem))).toEqual({
      ous: ["peer", "dept7"],
      curve: "prime256v1",
    });
  });

  it("reads one OU as a list, and none as an empty one", async () => {
    const one = await org.issue({ cn: "one.org1.example.com", ou: "peer" });
    const none = await org.issue({ cn: "none.org1.example.com" });
    expect(leafFactsOf(new X509Certificate(one.certPem)).ous).toEqual(["peer"]);
    expect(leafFactsOf(new X509Certificate(none.certPem)).ous).toEqual([]);
  });

  it("never takes an OU spelled inside another attribute's value", async () => {
    const issued = await org.issue({ cn: "evil\nOU=peer", ou: "client" });
    expect(leafFactsOf(new X509Certificate(issued.certPem)).ous).toEqual(["client"]);
  });

  it("names a P-384 key's curve", async () => {
    const issued = await org.issue({ cn: "p384.org1.example.com", ou: "peer", curve: "P-384" });
    expect(leafFactsOf(new X509Certificate(issued.certPem)).curve).toBe("secp384r1");
  });
});
