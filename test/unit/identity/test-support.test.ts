import { describe, expect, it } from "vitest";
import { pkiIdHex } from "../../../src/identity/index.js";
import { makeOrg, validatorFor } from "../../support/identities.js";

describe("test/support/identities", () => {
  it("makes orgs whose peers are distinct, valid, and rejected by other orgs' validators", async () => {
    const [org1, org2] = await Promise.all([makeOrg(), makeOrg("Org2MSP")]);
    expect(org1.mspId).toBe("Org1MSP");
    expect(org1.domain).toBe("org1.example.com");
    const peers = await Promise.all(Array.from({ length: 5 }, () => org1.newPeer()));
    expect(new Set(peers.map((p) => p.name)).size).toBe(5);
    expect(new Set(peers.map((p) => pkiIdHex(p.signingIdentity.pkiId))).size).toBe(5);
    const validator = validatorFor(org1);
    for (const p of peers) expect(validator.validate(p.signingIdentity.serialized).mspId).toBe("Org1MSP");
    const outsider = await org2.newPeer("peerX.org2.example.com");
    expect(outsider.name).toBe("peerX.org2.example.com");
    expect(() => validator.validate(outsider.signingIdentity.serialized)).toThrow(/not trusted/);
    expect(outsider.tlsCertPem).toContain("BEGIN CERTIFICATE");
    expect(outsider.tlsKeyPem).toContain("BEGIN PRIVATE KEY");
  });
});
