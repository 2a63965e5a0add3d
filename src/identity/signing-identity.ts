// The local node's identity: certificate + private key, able to sign gossip messages.
// Built from PEM strings; msp.ts builds it from an MSP folder.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { parseSingleCertificatePem } from "./certificate.js";
import { signLowS } from "./ecdsa.js";
import { IdentityError } from "./errors.js";
import { pkiIdOf, serializeIdentity } from "./pki-id.js";

/** What the rest of the node needs from "who am I". */
export interface SigningIdentity {
  readonly mspId: string;
  /** The certificate PEM exactly as serialized into id_bytes. */
  readonly certificatePem: string;
  /** msp.SerializedIdentity bytes (what peers receive in alive messages and handshakes). */
  readonly serialized: Uint8Array;
  readonly pkiId: Uint8Array;
  /** ECDSA P-256/SHA-256 low-S DER signature over `data`. */
  sign(data: Uint8Array): Uint8Array;
}

/** Parses a PKCS#8 or SEC1 ("EC PRIVATE KEY") PEM into an EC P-256 key; IdentityError("bad_key") otherwise. */
export function parseEcPrivateKey(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: "pem" });
  } catch (err) {
    throw new IdentityError("bad_key", "private key is not a PEM private key", { cause: err });
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new IdentityError("bad_key", "private key is not an EC P-256 key");
  }
  return key;
}

/** True when `privateKey` is the private half of `publicKey`. */
export function keyMatches(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const derived = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return derived.equals(publicKey.export({ type: "spki", format: "der" }));
}

/**
 * Builds a signing identity. The certificate PEM is used as given (callers that load
 * from disk canonicalise it first); the key must belong to the certificate, so we
 * never sign with a key peers would not attribute to us.
 */
export function createSigningIdentity(
  mspId: string,
  certificatePem: string,
  privateKeyPem: string,
): SigningIdentity {
  const { cert } = parseSingleCertificatePem(certificatePem);
  const privateKey = parseEcPrivateKey(privateKeyPem);
  if (!keyMatches(privateKey, cert.publicKey)) {
    throw new IdentityError("bad_key", "private key does not match the certificate's public key");
  }
  const serialized = serializeIdentity(mspId, certificatePem);
  const pkiId = pkiIdOf(serialized);
  return {
    mspId,
    certificatePem,
    serialized,
    pkiId,
    sign: (data) => signLowS(privateKey, data),
  };
}
