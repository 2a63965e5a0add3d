// Test helper: the high-S twin of a certificate, as Go's x509 or OpenSSL may emit it.
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { encodeDerSignature, P256_ORDER, parseDerSignature } from "../../src/identity/ecdsa.js";

/** Swaps a certificate's (low-S) ECDSA signature for its high-S twin; the TBS is re-encoded by the library. */
export function highSVariant(der: Uint8Array): Uint8Array {
  const cert = AsnConvert.parse(der, Certificate);
  const sig = parseDerSignature(new Uint8Array(cert.signatureValue));
  if (!sig) throw new Error("not an ECDSA P-256 certificate");
  cert.signatureValue = new Uint8Array(encodeDerSignature({ r: sig.r, s: P256_ORDER - sig.s })).buffer;
  const out = new Uint8Array(AsnConvert.serialize(cert));
  if (!tbsOf(out).equals(tbsOf(der)))
    throw new Error("re-encoding changed the signed part of the certificate");
  return out;
}

function tbsOf(der: Uint8Array): Buffer {
  return Buffer.from(AsnConvert.parse(der, Certificate).tbsCertificateRaw ?? new ArrayBuffer(0));
}
