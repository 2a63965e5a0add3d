import { createPrivateKey } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createSigningIdentity,
  IdentityError,
  isLowS,
  pkiIdOf,
  serializeIdentity,
} from "../../../src/identity/index.js";
import { makeOrg, type TestOrg, validatorFor } from "../../support/identities.js";

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

describe("createSigningIdentity", () => {
  it("serializes the certificate PEM verbatim and derives the PKI-ID from it", async () => {
    const issued = await org.issue({ cn: "peer0.org1.example.com", ou: "peer" });
    const id = createSigningIdentity("Org1MSP", issued.certPem, issued.keyPem);
    expect(id.mspId).toBe("Org1MSP");
    expect(id.certificatePem).toBe(issued.certPem);
    expect(Buffer.from(id.serialized).equals(Buffer.from(serializeIdentity("Org1MSP", issued.certPem)))).toBe(
      true,
    );
    expect(Buffer.from(id.pkiId).equals(Buffer.from(pkiIdOf(id.serialized)))).toBe(true);
  });

  it("signs with low-S signatures that a validator of the org accepts", async () => {
    const peer = await org.newPeer();
    const v = validatorFor(org).validate(peer.signingIdentity.serialized);
    const data = new TextEncoder().encode("membership request");
    for (let i = 0; i < 20; i++) {
      const sig = peer.signingIdentity.sign(data);
      expect(isLowS(sig)).toBe(true);
      expect(v.verify(data, sig)).toBe(true);
    }
  });

  it("accepts a SEC1 'EC PRIVATE KEY' PEM as well as PKCS#8", async () => {
    const issued = await org.issue({ cn: "peer1.org1.example.com", ou: "peer" });
    const sec1 = createPrivateKey(issued.keyPem).export({ type: "sec1", format: "pem" }) as string;
    expect(sec1).toContain("BEGIN EC PRIVATE KEY");
    const id = createSigningIdentity("Org1MSP", issued.certPem, sec1);
    expect(id.sign(new Uint8Array([1, 2, 3])).length).toBeGreaterThan(0);
  });

  it("refuses a private key that does not belong to the certificate (bad_key)", async () => {
    const a = await org.issue({ cn: "a.org1.example.com", ou: "peer" });
    const b = await org.issue({ cn: "b.org1.example.com", ou: "peer" });
    let err: unknown;
    try {
      createSigningIdentity("Org1MSP", a.certPem, b.keyPem);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as IdentityError).reason).toBe("bad_key");
  });

  it("refuses a certificate PEM that is not a single certificate (malformed)", async () => {
    const a = await org.issue({ cn: "a.org1.example.com", ou: "peer" });
    expect(() => createSigningIdentity("Org1MSP", a.certPem + a.certPem, a.keyPem)).toThrow(IdentityError);
  });
});
