import { createPublicKey, generateKeyPairSync, verify, webcrypto, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DerError,
  expectElement,
  isMinimalInteger,
  oidOf,
  readElement,
  Tag,
} from "../../../src/identity/der.js";
import {
  createCa,
  IdentityError,
  type IdentityFailureReason,
  issueIdentity,
  serializeIdentity,
} from "../../../src/identity/index.js";
import { encodePem } from "../../../src/identity/pem.js";
import { p256KeyOf } from "../../../src/identity/validator.js";
import { asn1TimeOf, publicKeyInfoOf, readCertificate } from "../../../src/identity/x509-der.js";
import * as x509 from "../../../src/identity/x509-lib.js";
import { makeOrg, type TestOrg, validatorFor } from "../../support/identities.js";

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

const derOf = (pem: string) => new X509Certificate(pem).raw;

function reasonOf(fn: () => unknown): IdentityFailureReason | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof IdentityError) return err.reason;
    throw err;
  }
  return undefined;
}

const provider = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
const SUBJECT: x509.JsonName = [{ C: ["US"] }, { OU: ["peer"] }, { CN: ["custom.org1.example.com"] }];

/** A leaf of `org`'s CA with exactly the given extensions and signature hash: shapes the dev CA never issues. */
async function customLeaf(extensions: x509.Extension[], hash = "SHA-256"): Promise<Uint8Array> {
  const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: SUBJECT,
      issuer: org.ca.x509.subject,
      publicKey: keys.publicKey,
      signingKey: org.ca.keys.privateKey,
      signingAlgorithm: { name: "ECDSA", hash },
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 86_400_000),
      extensions,
    },
    provider,
  );
  return serializeIdentity(org.mspId, encodePem("CERTIFICATE", new Uint8Array(cert.rawData)));
}

describe("isMinimalInteger: DER's INTEGER content rule, shared by certificates and signatures", () => {
  it.each([
    [[0x00], true],
    [[0x7f], true],
    [[0x80], true],
    [[0x00, 0x80], true],
    [[0xff, 0x7f], true],
    [[0x01, 0x00], true],
    [[], false],
    [[0x00, 0x7f], false],
    [[0xff, 0x80], false],
  ])("%j is minimal: %s", (bytes, minimal) => {
    // Embedded after a byte of something else: the offsets are honoured.
    const der = Uint8Array.from([0x02, ...bytes, 0x00]);
    expect(isMinimalInteger(der, 1, 1 + bytes.length)).toBe(minimal);
  });
});

describe("readCertificate: the fields validation needs, from DER", () => {
  it("reads what OpenSSL reads: validity, key, issuer, and a TBS the CA's key verifies", async () => {
    const issued = await org.issue({ cn: "peer0.org1.example.com", ou: "peer" });
    const cert = new X509Certificate(issued.certPem);
    const fields = readCertificate(cert.raw);
    expect(fields.version).toBe(3);
    expect(fields.notBefore).toBe(Date.parse(cert.validFrom));
    expect(fields.notAfter).toBe(Date.parse(cert.validTo));
    expect(Buffer.from(fields.spki).equals(cert.publicKey.export({ type: "spki", format: "der" }))).toBe(
      true,
    );
    expect(Buffer.from(fields.issuer).equals(readCertificate(org.ca.certificate.raw).subject)).toBe(true);
    expect(BigInt(`0x${Buffer.from(fields.serial).toString("hex")}`)).toBe(BigInt(`0x${cert.serialNumber}`));
    expect(fields.extensions.basicConstraintsCa).toBe(false);
    expect(Buffer.from(fields.extensions.authorityKeyId?.keyId ?? []).toString("hex")).toBe(org.ca.keyId);
    expect(verify("sha256", fields.tbs, org.ca.certificate.publicKey, fields.signature)).toBe(true);
    const ca = readCertificate(org.ca.certificate.raw);
    expect(ca.extensions.basicConstraintsCa).toBe(true);
    expect((ca.extensions.keyUsage ?? 0) & 0x04).toBe(0x04);
  });

  it("reads every subject OU in order, one OU as a list, and none as an empty one", async () => {
    const two = await org.issue({ cn: "x.org1.example.com", ou: ["peer", "dept7"] });
    const one = await org.issue({ cn: "one.org1.example.com", ou: "peer" });
    const none = await org.issue({ cn: "none.org1.example.com" });
    expect(readCertificate(derOf(two.certPem)).subjectOUs).toEqual(["peer", "dept7"]);
    expect(readCertificate(derOf(one.certPem)).subjectOUs).toEqual(["peer"]);
    expect(readCertificate(derOf(none.certPem)).subjectOUs).toEqual([]);
  });

  it("never takes an OU spelled inside another attribute's value", async () => {
    const issued = await org.issue({ cn: "evil\nOU=peer", ou: "client" });
    expect(readCertificate(derOf(issued.certPem)).subjectOUs).toEqual(["client"]);
  });

  it("names a P-384 key's curve by its OID", async () => {
    const issued = await org.issue({ cn: "p384.org1.example.com", ou: "peer", curve: "P-384" });
    expect(publicKeyInfoOf(readCertificate(derOf(issued.certPem)).spki).curve).toBe("1.3.132.0.34");
  });

  it("refuses truncated, trailing, indefinite-length and non-minimal encodings", async () => {
    const der = new Uint8Array(derOf((await org.issue({ cn: "t.org1.example.com", ou: "peer" })).certPem));
    expect(() => readCertificate(der.subarray(0, der.length - 1))).toThrow(DerError);
    expect(() => readCertificate(Uint8Array.from([...der, 0]))).toThrow(DerError);
    expect(() => readCertificate(Uint8Array.from([0x30, 0x80, 0x00, 0x00]))).toThrow(DerError);
    // 0x81 0x05: a long form for a length that fits in the short form.
    expect(() => readElement(Uint8Array.from([0x04, 0x81, 0x05, 1, 2, 3, 4, 5]), 0, 8)).toThrow(DerError);
    expect(() => readElement(Uint8Array.from([0x04, 0x82, 0x00, 0x85]), 0, 4)).toThrow(DerError);
    expect(() => readElement(Uint8Array.from([0x1f, 0x01, 0x00]), 0, 3)).toThrow(DerError);
    expect(() => readCertificate(new Uint8Array(0))).toThrow(DerError);
    const oid = (...bytes: number[]) => {
      const element = Uint8Array.from([Tag.OID, bytes.length, ...bytes]);
      return () => oidOf(element, readElement(element, 0, element.length));
    };
    expect(oid(0x55, 0x04, 0x0b)()).toBe("2.5.4.11");
    expect(oid(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01)()).toBe("1.2.840.10045.2.1");
    expect(oid(0x55, 0x80, 0x04)).toThrow(DerError); // an arc starting with 0x80
    expect(oid(0x55, 0x84)).toThrow(DerError); // the last arc unfinished
    expect(() => readCertificate(Uint8Array.from([0x31, 0x00]))).toThrow(DerError);
  });

  it("refuses a certificate whose outer signature algorithm differs from the TBS one", async () => {
    const der = Buffer.from(derOf((await org.issue({ cn: "a.org1.example.com", ou: "peer" })).certPem));
    const outer = expectElement(der, 0, der.length, Tag.SEQUENCE);
    const tbs = readElement(der, outer.contentStart, outer.end);
    const algorithm = readElement(der, tbs.end, outer.end);
    const oid = readElement(der, algorithm.contentStart, algorithm.end);
    expect(oidOf(der, oid)).toBe("1.2.840.10045.4.3.2");
    const altered = Buffer.from(der);
    altered[oid.end - 1] = 0x03; // ecdsa-with-SHA384 outside only
    expect(() => readCertificate(altered)).toThrow(/differs/);
  });

  it("reads UTCTime and GeneralizedTime in the forms Go's x509 and OpenSSL read, and nothing else", () => {
    const time = (tag: number, text: string) => {
      const bytes = Uint8Array.from([tag, text.length, ...Buffer.from(text, "latin1")]);
      return asn1TimeOf(bytes, readElement(bytes, 0, bytes.length));
    };
    expect(time(Tag.UTC_TIME, "491231235959Z")).toBe(Date.UTC(2049, 11, 31, 23, 59, 59));
    expect(time(Tag.UTC_TIME, "500101000000Z")).toBe(Date.UTC(1950, 0, 1));
    expect(time(Tag.GENERALIZED_TIME, "20500101000000Z")).toBe(Date.UTC(2050, 0, 1));
    expect(time(Tag.UTC_TIME, "2611290000Z")).toBe(Date.UTC(2026, 10, 29)); // no seconds
    expect(time(Tag.UTC_TIME, "261129010000+0100")).toBe(Date.UTC(2026, 10, 29));
    expect(time(Tag.GENERALIZED_TIME, "20261128230000-0130")).toBe(Date.UTC(2026, 10, 29, 0, 30));
    expect(() => time(Tag.UTC_TIME, "260230000000Z")).toThrow(DerError); // 30 February
    expect(() => time(Tag.GENERALIZED_TIME, "00500101000000Z")).toThrow(DerError); // year 50
    expect(() => time(Tag.GENERALIZED_TIME, "202611290000Z")).toThrow(DerError); // no seconds
    expect(() => time(Tag.GENERALIZED_TIME, "20261129000000.5Z")).toThrow(DerError);
    expect(() => time(Tag.UTC_TIME, "261129246000Z")).toThrow(DerError);
    expect(() => time(Tag.UTC_TIME, "261129000000+2400")).toThrow(DerError);
    expect(() => time(Tag.UTC_TIME, "261129000000")).toThrow(DerError);
    expect(() => time(Tag.OCTET_STRING, "261129000000Z")).toThrow(DerError);
  });
});

/** A DER element: tag, minimal length, content. */
function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const length = body.length < 0x80 ? [body.length] : [0x81, body.length];
  return Uint8Array.from([tag, ...length, ...body]);
}
const hex = (text: string) => Buffer.from(text, "hex");

/** A certificate carrying one basicConstraints extension, written by hand (never signed: readCertificate does not verify). */
function withBasicConstraints(critical: Uint8Array[], value: Uint8Array): Uint8Array {
  const algorithm = tlv(Tag.SEQUENCE, hex("06082a8648ce3d040302"));
  const name = tlv(
    Tag.SEQUENCE,
    tlv(Tag.SET, tlv(Tag.SEQUENCE, hex("0603550403"), tlv(Tag.UTF8_STRING, Buffer.from("x")))),
  );
  const validity = tlv(
    Tag.SEQUENCE,
    tlv(Tag.UTC_TIME, Buffer.from("260101000000Z")),
    tlv(Tag.UTC_TIME, Buffer.from("270101000000Z")),
  );
  const spki = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({
    type: "spki",
    format: "der",
  });
  const extension = tlv(Tag.SEQUENCE, hex("0603551d13"), ...critical, tlv(Tag.OCTET_STRING, value));
  const tbs = tlv(
    Tag.SEQUENCE,
    tlv(0xa0, hex("020102")),
    hex("020101"),
    algorithm,
    name,
    validity,
    name,
    spki,
    tlv(0xa3, tlv(Tag.SEQUENCE, extension)),
  );
  return tlv(Tag.SEQUENCE, tbs, algorithm, tlv(Tag.BIT_STRING, hex("00"), hex("3006020101020101")));
}

describe("readCertificate: basicConstraints as Go's x509 reads it", () => {
  it("reads cA and the critical flag whether FALSE is omitted (DER) or written out", () => {
    const bc = (fields: string) =>
      readCertificate(withBasicConstraints([], tlv(Tag.SEQUENCE, hex(fields)))).extensions.basicConstraintsCa;
    expect(bc("")).toBe(false);
    expect(bc("0101ff")).toBe(true);
    expect(bc("0101ff020100")).toBe(true);
    expect(bc("010100")).toBe(false);
    expect(bc("020100")).toBe(false);
    const critical = (flag: string) =>
      readCertificate(withBasicConstraints([hex(flag)], tlv(Tag.SEQUENCE, hex("0101ff")))).extensions
        .basicConstraintsCa;
    expect(critical("0101ff")).toBe(true);
    expect(critical("010100")).toBe(true);
  });

  it("refuses a BOOLEAN that is neither 00 nor ff, and a second cA", () => {
    const read = (critical: Uint8Array[], fields: string) => () =>
      readCertificate(withBasicConstraints(critical, tlv(Tag.SEQUENCE, hex(fields))));
    expect(read([], "010101")).toThrow(DerError);
    expect(read([hex("010101")], "0101ff")).toThrow(DerError);
    expect(read([], "0101ff0101ff")).toThrow(DerError);
  });
});

describe("p256KeyOf", () => {
  const spkiOf = () =>
    generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "der" });

  it("builds the same key OpenSSL decodes from the SPKI", () => {
    const spki = spkiOf();
    const key = p256KeyOf(spki);
    expect(key.export({ type: "spki", format: "der" }).equals(spki)).toBe(true);
    expect(key.equals(createPublicKey({ key: spki, format: "der", type: "spki" }))).toBe(true);
  });

  it("refuses a point off the curve, a compressed point, another curve and malformed DER (bad_key)", () => {
    const offCurve = spkiOf();
    const last = offCurve.length - 1;
    offCurve.writeUInt8(offCurve.readUInt8(last) ^ 1, last);
    expect(reasonOf(() => p256KeyOf(offCurve))).toBe("bad_key");
    const compressed = createPublicKey({ key: spkiOf(), format: "der", type: "spki" }).export({
      type: "spki",
      format: "der",
    });
    const point = compressed.subarray(compressed.length - 65);
    const short = Buffer.concat([
      Buffer.from("3039301306072a8648ce3d020106082a8648ce3d030107032200", "hex"),
      Buffer.from([0x02 | ((point[64] as number) & 1)]),
      point.subarray(1, 33),
    ]);
    expect(reasonOf(() => p256KeyOf(short))).toBe("bad_key");
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({
      type: "spki",
      format: "der",
    });
    expect(reasonOf(() => p256KeyOf(p384))).toBe("bad_key");
    expect(reasonOf(() => p256KeyOf(spkiOf().subarray(0, 40)))).toBe("bad_key");
  });
});

describe("IdentityValidator on certificate shapes the dev CA never issues", () => {
  it("rejects a leaf whose issuer name is the CA's but whose signature is another key's (untrusted_ca)", async () => {
    const rogue = await createCa({ cn: org.ca.name, org: "org1.example.com" });
    expect(
      Buffer.from(readCertificate(rogue.certificate.raw).subject).equals(
        readCertificate(org.ca.certificate.raw).subject,
      ),
    ).toBe(true);
    const leaf = await issueIdentity(rogue, { cn: "rogue.org1.example.com", ou: "peer" });
    expect(reasonOf(() => validatorFor(org).validate(serializeIdentity(org.mspId, leaf.certPem)))).toBe(
      "untrusted_ca",
    );
  });

  it("rejects a leaf whose signed bytes were altered (untrusted_ca)", async () => {
    const issued = await org.issue({ cn: "altered.org1.example.com", ou: "peer" });
    const der = Buffer.from(derOf(issued.certPem));
    const at = der.indexOf(Buffer.from("altered"));
    der[at] = "A".charCodeAt(0);
    expect(
      reasonOf(() => validatorFor(org).validate(serializeIdentity(org.mspId, encodePem("CERTIFICATE", der)))),
    ).toBe("untrusted_ca");
  });

  it("rejects certificate bytes that are not DER (malformed)", () => {
    const pem = encodePem("CERTIFICATE", Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]));
    expect(reasonOf(() => validatorFor(org).validate(serializeIdentity(org.mspId, pem)))).toBe("malformed");
  });

  it("accepts a leaf signed with ECDSA over SHA-384", async () => {
    const serialized = await customLeaf(
      [new x509.BasicConstraintsExtension(false, undefined, true)],
      "SHA-384",
    );
    expect(validatorFor(org).validate(serialized).mspId).toBe(org.mspId);
  });

  it("calls a leaf with keyCertSign and no basicConstraints a CA, as OpenSSL does (is_ca)", async () => {
    const serialized = await customLeaf([new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)]);
    expect(reasonOf(() => validatorFor(org).validate(serialized))).toBe("is_ca");
  });

  it("does not call a leaf a CA when basicConstraints says it is none", async () => {
    const serialized = await customLeaf([
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ]);
    expect(validatorFor(org).validate(serialized).mspId).toBe(org.mspId);
  });

  it("rejects a leaf whose authorityKeyIdentifier names another key (untrusted_ca)", async () => {
    const serialized = await customLeaf([new x509.AuthorityKeyIdentifierExtension("0102030405")]);
    expect(reasonOf(() => validatorFor(org).validate(serialized))).toBe("untrusted_ca");
    const matching = await customLeaf([new x509.AuthorityKeyIdentifierExtension(org.ca.keyId)]);
    expect(validatorFor(org).validate(matching).mspId).toBe(org.mspId);
  });

  it("accepts a leaf shaped as Fabric CA issues them: SAN, both key identifiers, its JSON attribute extension", async () => {
    // Fabric CA writes the enrollment's attributes as raw JSON in a non-critical extension of its own OID.
    const attributes = new TextEncoder().encode('{"attrs":{"hf.Type":"peer","hf.EnrollmentID":"peer1"}}');
    const serialized = await customLeaf([
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.SubjectKeyIdentifierExtension("6a1c2b3d4e5f60718293a4b5c6d7e8f901122334"),
      new x509.AuthorityKeyIdentifierExtension(org.ca.keyId),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "peer1.org1.example.com" }]),
      new x509.Extension("1.2.3.4.5.6.7.8.1", false, attributes),
    ]);
    // The org has NodeOUs on: validating also matched the subject's OU "peer".
    const identity = validatorFor(org).validate(serialized);
    expect(identity.mspId).toBe(org.mspId);
    expect(identity.expiresAt).toBeGreaterThan(Date.now());
  });

  it("rejects a leaf with one extension twice (malformed)", async () => {
    const serialized = await customLeaf([
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.BasicConstraintsExtension(false, undefined, true),
    ]);
    expect(reasonOf(() => validatorFor(org).validate(serialized))).toBe("malformed");
  });
});
