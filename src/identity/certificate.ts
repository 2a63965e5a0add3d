// X.509 certificate helpers shared by the loader and the validator: strict parsing of
// a single PEM certificate, Fabric's canonical form (low-S signature, Go PEM), and the
// few fields the rules need (validity, subject OUs).
import { createHash, X509Certificate } from "node:crypto";
import { AsnConvert, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { P256_ORDER, toLowS } from "./ecdsa.js";
import { excerpt, IdentityError } from "./errors.js";
import { encodePem, scanPem } from "./pem.js";

/** A parsed certificate with its DER bytes. */
export interface ParsedCertificate {
  readonly cert: X509Certificate;
  readonly der: Buffer;
}

/** Parses text that must be exactly one PEM CERTIFICATE block (surrounding whitespace allowed), as Fabric requires of id_bytes. */
export function parseSingleCertificatePem(pem: string | Uint8Array): ParsedCertificate {
  const text = typeof pem === "string" ? pem : Buffer.from(pem).toString("latin1");
  const scan = scanPem(text);
  if (!scan || scan.blocks.length === 0) {
    throw new IdentityError("malformed", "identity bytes are not a PEM certificate");
  }
  if (scan.blocks.length > 1 || scan.hasStrayText) {
    throw new IdentityError("malformed", "identity bytes must hold exactly one PEM block and nothing else");
  }
  const block = scan.blocks[0] as (typeof scan.blocks)[0];
  if (block.type !== "CERTIFICATE") {
    throw new IdentityError("malformed", `expected a CERTIFICATE PEM block, got ${excerpt(block.type)}`);
  }
  return { cert: parseDer(block.der), der: block.der };
}

/** Parses every CERTIFICATE block in a PEM bundle (other block types are an error). */
export function parseCertificateBundle(pem: string): X509Certificate[] {
  const scan = scanPem(pem);
  if (!scan || scan.blocks.length === 0 || scan.hasStrayText) {
    throw new IdentityError("malformed", "not a PEM certificate bundle");
  }
  return scan.blocks.map((block) => {
    if (block.type !== "CERTIFICATE") {
      throw new IdentityError("malformed", `expected CERTIFICATE PEM blocks, found ${excerpt(block.type)}`);
    }
    return parseDer(block.der);
  });
}

function parseDer(der: Buffer): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new IdentityError("malformed", "certificate does not parse as X.509", { cause: err });
  }
}

/**
 * Fabric's form of a certificate: if the issuer is a P-256 key and the signature is
 * high-S, the signature is swapped for its low-S twin (Fabric's MSP does this before
 * serializing), then the DER is written as Go-style PEM. Our PKI-ID thus matches the
 * one a Fabric peer computes from the same MSP folder.
 */
export function canonicalCertificatePem(der: Uint8Array, issuer?: X509Certificate): string {
  const issuerKey = issuer?.publicKey;
  const p256Issuer =
    issuerKey?.asymmetricKeyType === "ec" && issuerKey.asymmetricKeyDetails?.namedCurve === "prime256v1";
  return encodePem("CERTIFICATE", p256Issuer ? withLowSSignature(der) : der);
}

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 * with the first two carried as opaque elements, so re-encoding never touches signed bytes.
 */
class SignedCertificate {
  tbsCertificate = new ArrayBuffer(0);
  signatureAlgorithm = new ArrayBuffer(0);
  signatureValue = new ArrayBuffer(0);
}
// The library's decorators applied as plain calls: this project compiles without experimentalDecorators.
AsnProp({ type: AsnPropTypes.Any })(SignedCertificate.prototype, "tbsCertificate");
AsnProp({ type: AsnPropTypes.Any })(SignedCertificate.prototype, "signatureAlgorithm");
AsnProp({ type: AsnPropTypes.BitString })(SignedCertificate.prototype, "signatureValue");

/** Re-encodes a certificate with a low-S ECDSA signature; returns the input unchanged when already low-S or not ECDSA. */
export function withLowSSignature(der: Uint8Array): Uint8Array {
  let signed: SignedCertificate;
  try {
    signed = AsnConvert.parse(der, SignedCertificate);
  } catch {
    return der;
  }
  const sig = new Uint8Array(signed.signatureValue);
  const low = toLowS(sig, P256_ORDER);
  if (!low || Buffer.from(low).equals(sig)) return der;
  signed.signatureValue = new Uint8Array(low).buffer;
  const out = new Uint8Array(AsnConvert.serialize(signed));
  // Fabric keeps the TBS bytes verbatim; if re-encoding altered them, the signature no longer applies.
  return sameTbs(der, out) ? out : der;
}

function sameTbs(a: Uint8Array, b: Uint8Array): boolean {
  const tbsOf = (der: Uint8Array) =>
    Buffer.from(AsnConvert.parse(der, Certificate).tbsCertificateRaw ?? new ArrayBuffer(0));
  try {
    const tbs = tbsOf(a);
    return tbs.length > 0 && tbs.equals(tbsOf(b));
  } catch {
    return false;
  }
}

/** Validity window in ms since the epoch. */
export interface Validity {
  readonly notBefore: number;
  readonly notAfter: number;
}

/** Reads notBefore/notAfter; node's X509Certificate exposes them as OpenSSL date strings. */
export function validityOf(cert: X509Certificate): Validity {
  const notBefore = Date.parse(cert.validFrom);
  const notAfter = Date.parse(cert.validTo);
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) {
    throw new IdentityError("malformed", "certificate validity dates do not parse");
  }
  return { notBefore, notAfter };
}

/** What the validator reads from a leaf certificate besides its chain and validity. */
export interface LeafFacts {
  /** All OrganizationalUnit values of the subject, in order (Fabric's cert.Subject.OrganizationalUnit). */
  readonly ous: string[];
  /** OpenSSL's name of the key's curve (prime256v1 for P-256); undefined for a key that is not EC. */
  readonly curve: string | undefined;
}

/**
 * Reads the subject OUs and the key's curve in one native call. Node decodes the subject
 * attribute by attribute (values unescaped, repeated attributes as arrays), so a CN holding
 * "\nOU=peer" stays a CN. Reading the certificate with an ASN.1 schema instead costs about
 * 0.5 ms and a few hundred JavaScript objects per certificate: most of a cold validation.
 */
export function leafFactsOf(cert: X509Certificate): LeafFacts {
  let legacy: { subject?: Record<string, unknown>; asn1Curve?: unknown };
  try {
    legacy = cert.toLegacyObject() as typeof legacy;
  } catch (err) {
    throw new IdentityError("malformed", "certificate subject does not parse", { cause: err });
  }
  const ou = legacy.subject?.OU;
  const values = ou === undefined ? [] : Array.isArray(ou) ? ou : [ou];
  if (!values.every((v): v is string => typeof v === "string")) {
    throw new IdentityError("malformed", "certificate subject OU is not a string");
  }
  return {
    ous: values,
    curve: typeof legacy.asn1Curve === "string" ? legacy.asn1Curve : undefined,
  };
}

/** Stable identity of a certificate for set membership: SHA-256 of its DER, hex. */
export function fingerprintOf(cert: X509Certificate): string {
  return createHash("sha256").update(cert.raw).digest("hex");
}
