// X.509 certificate helpers shared by the loader and the validator: strict parsing of
// a single PEM certificate, Fabric's canonical form (low-S signature, Go PEM), and the
// validity window of a parsed certificate.
import { createHash, X509Certificate } from "node:crypto";
import { childrenOf, DerError, encodeLength, expectElement, Tag } from "./der.js";
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
  const der = singleCertificateDer(pem);
  return { cert: parseDer(der), der };
}

/** The DER of text that must be exactly one PEM CERTIFICATE block, not parsed any further. */
export function singleCertificateDer(pem: string | Uint8Array): Buffer {
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
  return block.der;
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
 * Re-encodes a certificate with a low-S ECDSA signature; returns the input unchanged when
 * already low-S, not ECDSA or not DER. Certificate ::= SEQUENCE { tbsCertificate,
 * signatureAlgorithm, signatureValue BIT STRING }: only the BIT STRING and the two lengths
 * around it are rewritten, so the signed bytes stay verbatim, as Fabric keeps them.
 */
export function withLowSSignature(der: Uint8Array): Uint8Array {
  let parts: { head: Uint8Array; signature: Uint8Array };
  try {
    const outer = expectElement(der, 0, der.length, Tag.SEQUENCE);
    const [tbs, algorithm, signature, extra] = childrenOf(der, outer);
    if (outer.end !== der.length || !tbs || !algorithm || signature?.tag !== Tag.BIT_STRING || extra)
      return der;
    if (der[signature.contentStart] !== 0) return der;
    parts = {
      head: der.subarray(tbs.start, algorithm.end),
      signature: der.subarray(signature.contentStart + 1, signature.end),
    };
  } catch (err) {
    if (err instanceof DerError) return der;
    throw err;
  }
  const low = toLowS(parts.signature, P256_ORDER);
  if (!low || Buffer.from(low).equals(parts.signature)) return der;
  const bitString = [Tag.BIT_STRING, ...encodeLength(low.length + 1), 0, ...low];
  const bodyLength = parts.head.length + bitString.length;
  return Buffer.concat([
    Uint8Array.from([Tag.SEQUENCE, ...encodeLength(bodyLength)]),
    parts.head,
    Uint8Array.from(bitString),
  ]);
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

/** Stable identity of a certificate for set membership: SHA-256 of its DER, hex. */
export function fingerprintOf(cert: X509Certificate): string {
  return createHash("sha256").update(cert.raw).digest("hex");
}
