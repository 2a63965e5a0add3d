import { type KeyObject, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createCa,
  IdentityError,
  type IdentityFailureReason,
  IdentityValidator,
  issueIdentity,
  MAX_MSPID_LENGTH,
  MAX_SERIALIZED_IDENTITY_BYTES,
  mspTrustFromPem,
  orgOf,
  pkiIdOf,
  serializeIdentity,
} from "../../../src/identity/index.js";
import { makeOrg, type TestOrg, validatorFor } from "../../support/identities.js";

const DAY = 24 * 60 * 60 * 1000;

function reasonOf(fn: () => unknown): IdentityFailureReason | undefined {
  return errorOf(fn)?.reason;
}

function errorOf(fn: () => unknown): IdentityError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof IdentityError) return err;
    throw err;
  }
  return undefined;
}

let org1: TestOrg;
let org2: TestOrg;

beforeAll(async () => {
  org1 = await makeOrg("Org1MSP");
  org2 = await makeOrg("Org2MSP");
});

describe("IdentityValidator: accepted identities", () => {
  it("accepts a peer of a trusted org and exposes its MSP, PKI-ID, expiry and verifier", async () => {
    const peer = await org1.newPeer();
    const v = validatorFor(org1).validate(peer.signingIdentity.serialized);
    expect(v.mspId).toBe("Org1MSP");
    expect(orgOf(v)).toBe("Org1MSP");
    expect(Buffer.from(v.pkiId).equals(Buffer.from(peer.signingIdentity.pkiId))).toBe(true);
    expect(Buffer.from(v.pkiId).equals(Buffer.from(pkiIdOf(peer.signingIdentity.serialized)))).toBe(true);
    expect(v.expiresAt).toBe(Date.parse(new X509Certificate(peer.certPem).validTo));
    const msg = new TextEncoder().encode("hello");
    expect(v.verify(msg, peer.signingIdentity.sign(msg))).toBe(true);
    expect(v.verify(new TextEncoder().encode("other"), peer.signingIdentity.sign(msg))).toBe(false);
  });

  it("keeps the public key and a few fields, not the parsed certificate", async () => {
    const peer = await org1.newPeer();
    const v = validatorFor(org1).validate(peer.signingIdentity.serialized);
    expect(Object.keys(v).sort()).toEqual(["expiresAt", "mspId", "pkiId", "publicKey"]);
    const spki = (key: KeyObject) => key.export({ type: "spki", format: "der" });
    expect(spki(v.publicKey).equals(spki(new X509Certificate(peer.certPem).publicKey))).toBe(true);
  });

  it("accepts identities of every trusted org", async () => {
    const validator = validatorFor(org1, org2);
    expect(validator.validate((await org2.newPeer()).signingIdentity.serialized).mspId).toBe("Org2MSP");
    expect(validator.isTrustedMsp("Org2MSP")).toBe(true);
    expect(validator.isTrustedMsp("Org3MSP")).toBe(false);
  });

  it("accepts a certificate issued through an intermediate CA of the MSP", async () => {
    const root = await createCa({ cn: "ca.org3.example.com", org: "org3.example.com" });
    const intermediate = await createCa({
      cn: "ica.org3.example.com",
      org: "org3.example.com",
      parent: root,
    });
    const leaf = await issueIdentity(intermediate, { cn: "peer0.org3.example.com", ou: "peer" });
    const trust = mspTrustFromPem("Org3MSP", [root.certPem], [intermediate.certPem]);
    const v = new IdentityValidator([trust], Date.now).validate(serializeIdentity("Org3MSP", leaf.certPem));
    expect(v.mspId).toBe("Org3MSP");
  });
});

describe("IdentityValidator: rejected identities", () => {
  it("rejects an MSP ID that is not trusted (unknown_msp)", async () => {
    const peer = await org2.newPeer();
    expect(reasonOf(() => validatorFor(org1).validate(peer.signingIdentity.serialized))).toBe("unknown_msp");
  });

  it("rejects a certificate from a CA outside the MSP (untrusted_ca)", async () => {
    const foreign = await createCa({ cn: "ca.evil.example.com" });
    const leaf = await issueIdentity(foreign, { cn: "peer0.org1.example.com", ou: "peer" });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", leaf.certPem)))).toBe(
      "untrusted_ca",
    );
  });

  it("rejects org1's certificate presented under Org2MSP even though Org2MSP is trusted (untrusted_ca)", async () => {
    const peer = await org1.newPeer();
    const forged = serializeIdentity("Org2MSP", peer.certPem);
    expect(reasonOf(() => validatorFor(org1, org2).validate(forged))).toBe("untrusted_ca");
  });

  it("rejects a certificate whose intermediate CA is not part of the MSP (untrusted_ca)", async () => {
    const root = await createCa({ cn: "ca.org4.example.com" });
    const intermediate = await createCa({ cn: "ica.org4.example.com", parent: root });
    const leaf = await issueIdentity(intermediate, { cn: "peer0.org4.example.com" });
    const trust = mspTrustFromPem("Org4MSP", [root.certPem]);
    const validator = new IdentityValidator([trust], Date.now);
    expect(reasonOf(() => validator.validate(serializeIdentity("Org4MSP", leaf.certPem)))).toBe(
      "untrusted_ca",
    );
  });

  it("rejects an expired certificate (expired)", async () => {
    const leaf = await org1.issue({
      cn: "old.org1.example.com",
      ou: "peer",
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", leaf.certPem)))).toBe(
      "expired",
    );
  });

  it("rejects a certificate that is not valid yet (not_yet_valid)", async () => {
    const leaf = await org1.issue({
      cn: "future.org1.example.com",
      ou: "peer",
      notBefore: new Date(Date.now() + DAY),
      notAfter: new Date(Date.now() + 10 * DAY),
    });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", leaf.certPem)))).toBe(
      "not_yet_valid",
    );
  });

  it("rejects a CA certificate used as an identity (is_ca)", async () => {
    const subCa = await org1.issue({ cn: "sub.org1.example.com", ou: "peer", isCa: true });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", subCa.certPem)))).toBe(
      "is_ca",
    );
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", org1.caCertPem)))).toBe(
      "is_ca",
    );
  });

  it("rejects a key that is not EC P-256 (bad_key)", async () => {
    const leaf = await org1.issue({ cn: "p384.org1.example.com", ou: "peer", curve: "P-384" });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", leaf.certPem)))).toBe(
      "bad_key",
    );
  });

  it("rejects id_bytes that are not exactly one PEM certificate (malformed)", async () => {
    const peer = await org1.newPeer();
    const validator = validatorFor(org1);
    const bad = [
      "not pem at all",
      peer.certPem + peer.certPem, // two blocks
      `${peer.certPem}trailing junk\n`,
      peer.keyPem, // a key, not a certificate
      peer.certPem.replace("MII", "!!!"), // broken base64
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", // not X.509
    ];
    for (const idBytes of bad) {
      expect(reasonOf(() => validator.validate(serializeIdentity("Org1MSP", idBytes)))).toBe("malformed");
    }
    expect(reasonOf(() => validator.validate(new Uint8Array([0x0a, 0xff])))).toBe("malformed");
  });
});

describe("IdentityValidator: hostile input from unauthenticated peers", () => {
  // Elapsed-time bounds are generous complexity guards, not benchmarks.
  it("refuses a 1 MiB identity before parsing it (malformed)", () => {
    const huge = serializeIdentity("Org1MSP", "A".repeat(1024 * 1024));
    const validator = validatorFor(org1);
    const started = performance.now();
    expect(reasonOf(() => validator.validate(huge))).toBe("malformed");
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("refuses a 60 KiB identity of repeated BEGIN lines quickly (malformed)", () => {
    const line = "-----BEGIN A-----\n";
    const idBytes = line.repeat(Math.floor((60 * 1024) / line.length));
    const serialized = serializeIdentity("Org1MSP", idBytes);
    expect(serialized.length).toBeLessThanOrEqual(MAX_SERIALIZED_IDENTITY_BYTES);
    const validator = validatorFor(org1);
    const started = performance.now();
    expect(reasonOf(() => validator.validate(serialized))).toBe("malformed");
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("leaves real identities, far below the size bound, unaffected", async () => {
    const peer = await org1.newPeer();
    expect(peer.signingIdentity.serialized.length).toBeLessThan(MAX_SERIALIZED_IDENTITY_BYTES / 16);
    expect(validatorFor(org1).validate(peer.signingIdentity.serialized).mspId).toBe("Org1MSP");
  });

  it("refuses an overlong MSP ID (malformed) and quotes only a short printable excerpt of it", async () => {
    const peer = await org1.newPeer();
    const mspId = `Org1MSP${"\n\u0000x".repeat(MAX_MSPID_LENGTH)}`;
    const err = errorOf(() => validatorFor(org1).validate(serializeIdentity(mspId, peer.certPem)));
    expect(err?.reason).toBe("malformed");
    expect(err?.message.length).toBeLessThan(160);
    expect(err?.message).toMatch(/^[\x20-\x7e]*$/); // printable ASCII only
  });

  it("quotes an untrusted MSP ID truncated to 64 characters", async () => {
    const peer = await org1.newPeer();
    const mspId = "E".repeat(200);
    const err = errorOf(() => validatorFor(org1).validate(serializeIdentity(mspId, peer.certPem)));
    expect(err?.reason).toBe("unknown_msp");
    expect(err?.message).toContain(`${"E".repeat(64)}...`);
    expect(err?.message).not.toContain("E".repeat(65));
  });

  it("quotes a PEM block type truncated to 64 characters", () => {
    const type = "X".repeat(10_000);
    const idBytes = `-----BEGIN ${type}-----\nAAAA\n-----END ${type}-----\n`;
    const err = errorOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", idBytes)));
    expect(err?.reason).toBe("malformed");
    expect(err?.message.length).toBeLessThan(160);
  });
});

describe("IdentityValidator: NodeOUs", () => {
  it("rejects a certificate without a role OU when NodeOUs are enabled (missing_ou)", async () => {
    const leaf = await org1.issue({ cn: "noou.org1.example.com" });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", leaf.certPem)))).toBe(
      "missing_ou",
    );
  });

  it("accepts the same kind of certificate when NodeOUs are disabled", async () => {
    const plain = await makeOrg("PlainMSP", { nodeOUs: false });
    const leaf = await plain.issue({ cn: "noou.plain.example.com", ou: "anything" });
    expect(validatorFor(plain).validate(serializeIdentity("PlainMSP", leaf.certPem)).mspId).toBe("PlainMSP");
  });

  it("accepts any single role OU, not only peer (gossip does not require the peer role)", async () => {
    const validator = validatorFor(org1);
    for (const ou of ["client", "admin", "orderer", "peer"]) {
      const leaf = await org1.issue({ cn: `${ou}.org1.example.com`, ou: [ou, "department42"] });
      expect(validator.validate(serializeIdentity("Org1MSP", leaf.certPem)).mspId).toBe("Org1MSP");
    }
  });

  it("rejects a certificate carrying two role OUs (missing_ou)", async () => {
    const leaf = await org1.issue({ cn: "both.org1.example.com", ou: ["peer", "client"] });
    expect(reasonOf(() => validatorFor(org1).validate(serializeIdentity("Org1MSP", leaf.certPem)))).toBe(
      "missing_ou",
    );
  });

  it("rejects a role OU issued by a CA other than the one config.yaml names for it (missing_ou)", async () => {
    const root = await createCa({ cn: "ca.org5.example.com" });
    const intermediate = await createCa({ cn: "ica.org5.example.com", parent: root });
    const viaIntermediate = await issueIdentity(intermediate, { cn: "peer0.org5.example.com", ou: "peer" });
    const viaRoot = await issueIdentity(root, { cn: "peer1.org5.example.com", ou: "peer" });
    const { fingerprintOf } = await import("../../../src/identity/certificate.js");
    const trust = mspTrustFromPem("Org5MSP", [root.certPem], [intermediate.certPem], {
      enabled: true,
      peerOU: "peer",
      certifiers: { peer: fingerprintOf(intermediate.certificate) },
    });
    const validator = new IdentityValidator([trust], Date.now);
    expect(validator.validate(serializeIdentity("Org5MSP", viaIntermediate.certPem)).mspId).toBe("Org5MSP");
    expect(reasonOf(() => validator.validate(serializeIdentity("Org5MSP", viaRoot.certPem)))).toBe(
      "missing_ou",
    );
  });
});

describe("IdentityValidator: cache", () => {
  it("re-checks expiry with the clock on a cache hit", async () => {
    const leaf = await org1.issue({
      cn: "short.org1.example.com",
      ou: "peer",
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + DAY),
    });
    let now = Date.now();
    const validator = new IdentityValidator([org1.trust], () => now);
    const serialized = serializeIdentity("Org1MSP", leaf.certPem);
    const first = validator.validate(serialized);
    expect(validator.validate(serialized)).toBe(first); // served from the cache
    now += 2 * DAY;
    expect(reasonOf(() => validator.validate(serialized))).toBe("expired");
  });

  it("stays correct when more identities are seen than the cache holds", async () => {
    const validator = new IdentityValidator([org1.trust], Date.now, { cacheSize: 2 });
    const peers = await Promise.all([org1.newPeer(), org1.newPeer(), org1.newPeer()]);
    for (let round = 0; round < 2; round++) {
      for (const p of peers) expect(validator.validate(p.signingIdentity.serialized).mspId).toBe("Org1MSP");
    }
  });

  it("does not cache failures: an identity rejected as not yet valid is accepted once it is valid", async () => {
    const start = Date.now() + DAY;
    const leaf = await org1.issue({ cn: "later.org1.example.com", ou: "peer", notBefore: new Date(start) });
    let now = Date.now();
    const validator = new IdentityValidator([org1.trust], () => now);
    const serialized = serializeIdentity("Org1MSP", leaf.certPem);
    expect(reasonOf(() => validator.validate(serialized))).toBe("not_yet_valid");
    now = start + 1000;
    expect(validator.validate(serialized).mspId).toBe("Org1MSP");
  });
});
