// Certification-path building inside one MSP: from a leaf, through the MSP's
// intermediates, to one of its roots, checking each link's signature. Roots are
// trust anchors; nothing outside the MSP's own CA list is ever consulted.
//
// The leaf is read from its DER (x509-der.ts) and its link to its issuer checked here,
// without an OpenSSL certificate object: remote identities are many, and each parsed
// X509Certificate holds ~10 KB of native memory until V8 happens to collect it. The
// CAs are few and parsed once; links between them use OpenSSL's checks.
import { type KeyObject, verify, type X509Certificate } from "node:crypto";
import { sameBytes } from "../util/bytes.js";
import { fingerprintOf, type Validity, validityOf } from "./certificate.js";
import { DerError } from "./der.js";
import { IdentityError } from "./errors.js";
import type { MspTrust } from "./msp-trust.js";
import { type CertificateFields, readCertificate } from "./x509-der.js";

/** A CA certificate of an MSP, pre-digested for path building. */
export interface CaCert {
  readonly cert: X509Certificate;
  /** Its fields read from DER, for checking the leaves it issued. */
  readonly fields: CertificateFields;
  readonly publicKey: KeyObject;
  readonly fingerprint: string;
  readonly validity: Validity;
  readonly isRoot: boolean;
}

/** Longest path we try (leaf excluded); real MSPs use one or two levels. */
const MAX_DEPTH = 8;

/** Indexes an MSP's roots and intermediates (non-CA certificates are dropped: they can't issue). */
export function caCertsOf(trust: MspTrust): CaCert[] {
  const entry = (cert: X509Certificate, isRoot: boolean): CaCert => ({
    cert,
    fields: caFieldsOf(cert, trust.mspId),
    publicKey: cert.publicKey,
    fingerprint: fingerprintOf(cert),
    validity: validityOf(cert),
    isRoot,
  });
  return [
    ...trust.rootCerts.filter((c) => c.ca).map((c) => entry(c, true)),
    ...trust.intermediateCerts.filter((c) => c.ca).map((c) => entry(c, false)),
  ];
}

function caFieldsOf(cert: X509Certificate, mspId: string): CertificateFields {
  try {
    return readCertificate(cert.raw);
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    throw new IdentityError("malformed", `a CA certificate of ${mspId} is not strict DER: ${err.message}`, {
      cause: err,
    });
  }
}

/**
 * Returns the issuers of `leaf` from its direct issuer up to a root, or undefined if
 * no path exists. Like Fabric, CA validity is judged at the leaf's notBefore + 1s:
 * a CA that has since expired still vouches for certificates it issued while valid.
 */
export function buildChain(leaf: CertificateFields, cas: readonly CaCert[]): CaCert[] | undefined {
  const at = leaf.notBefore + 1000;
  const validAt = (ca: CaCert) => at >= ca.validity.notBefore && at <= ca.validity.notAfter;
  const walk = (child: X509Certificate, path: CaCert[]): CaCert[] | undefined => {
    if (path.length >= MAX_DEPTH) return undefined;
    for (const ca of cas) {
      if (path.includes(ca) || !validAt(ca)) continue;
      if (!child.checkIssued(ca.cert) || !verifies(child, ca.cert)) continue;
      const found = ca.isRoot ? [...path, ca] : walk(ca.cert, [...path, ca]);
      if (found) return found;
    }
    return undefined;
  };
  for (const ca of cas) {
    if (!validAt(ca) || !leafIssuedBy(leaf, ca)) continue;
    const found = ca.isRoot ? [ca] : walk(ca.cert, [ca]);
    if (found) return found;
  }
  return undefined;
}

function verifies(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * OpenSSL's X509_check_issued and X509_verify for a leaf read from DER: the leaf's issuer
 * name is the CA's subject byte for byte (as Go's chain building, hence Fabric, compares
 * them), its authorityKeyIdentifier names the CA, and the CA's key verifies the TBS bytes.
 */
function leafIssuedBy(leaf: CertificateFields, ca: CaCert): boolean {
  if (!sameBytes(leaf.issuer, ca.fields.subject)) return false;
  const akid = leaf.extensions.authorityKeyId;
  if (akid) {
    const skid = ca.fields.extensions.subjectKeyId;
    if (akid.keyId && skid && !sameBytes(akid.keyId, skid)) return false;
    if (akid.serial && !sameBytes(akid.serial, ca.fields.serial)) return false;
    if (akid.issuerName && !sameBytes(akid.issuerName, ca.fields.issuer)) return false;
  }
  return signatureVerifies(leaf, ca.publicKey);
}

/** Hash of each signature algorithm accepted for certificates; SHA-1 and unknown ones are refused, as Go refuses them. */
const SIGNATURE_HASHES: ReadonlyMap<string, string | null> = new Map([
  ["1.2.840.10045.4.3.2", "sha256"], // ecdsa-with-SHA256
  ["1.2.840.10045.4.3.3", "sha384"],
  ["1.2.840.10045.4.3.4", "sha512"],
  ["1.2.840.113549.1.1.11", "sha256"], // sha256WithRSAEncryption
  ["1.2.840.113549.1.1.12", "sha384"],
  ["1.2.840.113549.1.1.13", "sha512"],
  ["1.3.101.112", null], // Ed25519
]);

const ECDSA_PREFIX = "1.2.840.10045.4.3.";
const DER_NULL = Buffer.from([0x05, 0x00]);

function signatureVerifies(leaf: CertificateFields, key: KeyObject): boolean {
  const hash = SIGNATURE_HASHES.get(leaf.signatureAlgorithm);
  if (hash === undefined) return false;
  // ECDSA and Ed25519 take no parameters; RSA PKCS #1 v1.5 takes NULL (or, tolerated by Go and OpenSSL, none).
  const params = leaf.signatureParameters;
  const rsa = hash !== null && !leaf.signatureAlgorithm.startsWith(ECDSA_PREFIX);
  if (params.length > 0 && !(rsa && sameBytes(params, DER_NULL))) return false;
  try {
    return verify(hash, leaf.tbs, key, leaf.signature);
  } catch {
    return false;
  }
}
