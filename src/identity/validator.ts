// Judges remote identities the way a Fabric peer's gossip layer does: trusted MSP,
// one PEM certificate, chained to that MSP's CAs, in its validity window, EC P-256,
// not a CA, and (with NodeOUs) exactly one role OU. Successes are cached.
//
// The certificate is read from its DER (x509-der.ts), never parsed by OpenSSL: a parsed
// X509Certificate holds ~10 KB of native memory until V8 collects it, which a burst of
// thousands of identities (a joiner's membership response) turns into a lasting RSS
// high-water mark. A validated identity keeps only its public key and a few numbers.
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { singleCertificateDer } from "./certificate.js";
import { buildChain, type CaCert, caCertsOf } from "./chain.js";
import { DerError } from "./der.js";
import { verifyP256LowS, verifyP256LowSAsync } from "./ecdsa.js";
import { excerpt, IdentityError } from "./errors.js";
import { LruCache } from "./lru-cache.js";
import { type MspTrust, type NodeOUs, type NodeRole, roleOUs } from "./msp-trust.js";
import { assertIdentitySize, decodeSerializedIdentity, pkiIdFromParts } from "./pki-id.js";
import { type CertificateFields, publicKeyInfoOf, readCertificate } from "./x509-der.js";

/**
 * A remote identity that passed validation. Its serialized bytes are not kept: the
 * alive message or PeerIdentity message that brought them holds them (a second copy
 * cost 0.85 KB per member of a large view).
 */
export interface ValidatedIdentity {
  readonly mspId: string;
  readonly pkiId: Uint8Array;
  /** The certificate's EC P-256 public key. */
  readonly publicKey: KeyObject;
  /** The certificate's notAfter, ms since the epoch. */
  readonly expiresAt: number;
  /** Checks a Fabric-style (DER, low-S) signature by this identity. */
  verify(data: Uint8Array, signature: Uint8Array): boolean;
  /** verify on libuv's threadpool, for checks issued in bulk; never rejects. */
  verifyAsync(data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** The organisation of an identity is its MSP ID. */
export function orgOf(v: ValidatedIdentity): string {
  return v.mspId;
}

/** Default number of successful validations remembered. */
export const DEFAULT_CACHE_SIZE = 4096;

interface TrustedMsp {
  readonly trust: MspTrust;
  readonly cas: CaCert[];
}

interface CachedIdentity {
  readonly identity: ValidatedIdentity;
  readonly notBefore: number;
}

/** Validates serialized identities against a fixed set of trusted MSPs. */
export class IdentityValidator {
  readonly #msps = new Map<string, TrustedMsp>();
  readonly #now: () => number;
  readonly #cache: LruCache<string, CachedIdentity>;

  /** Several MspTrust entries with one MSP ID are merged (their CAs are pooled). */
  constructor(trusted: MspTrust[], now: () => number, options?: { cacheSize?: number }) {
    this.#now = now;
    this.#cache = new LruCache(options?.cacheSize ?? DEFAULT_CACHE_SIZE);
    for (const trust of trusted) {
      const prev = this.#msps.get(trust.mspId)?.trust;
      const merged: MspTrust = prev
        ? {
            mspId: trust.mspId,
            rootCerts: [...prev.rootCerts, ...trust.rootCerts],
            intermediateCerts: [...prev.intermediateCerts, ...trust.intermediateCerts],
            ...((trust.nodeOUs ?? prev.nodeOUs) ? { nodeOUs: trust.nodeOUs ?? prev.nodeOUs } : {}),
          }
        : trust;
      this.#msps.set(trust.mspId, { trust: merged, cas: caCertsOf(merged) });
    }
  }

  isTrustedMsp(mspId: string): boolean {
    return this.#msps.has(mspId);
  }

  /** Returns the validated identity or throws IdentityError with the failed rule as `reason`. */
  validate(serialized: Uint8Array): ValidatedIdentity {
    // Before hashing, caching or parsing: an oversized identity costs nothing to refuse.
    assertIdentitySize(serialized);
    const key = createHash("sha256").update(serialized).digest("hex");
    const now = this.#now();
    const cached = this.#cache.get(key);
    if (cached) {
      // The certificate may have expired since it was cached; the clock decides on every hit.
      checkTime(now, cached.notBefore, cached.identity.expiresAt);
      return cached.identity;
    }
    const { identity, notBefore } = this.#validateUncached(serialized, now);
    this.#cache.set(key, { identity, notBefore });
    return identity;
  }

  #validateUncached(serialized: Uint8Array, now: number): CachedIdentity {
    const { mspId, idBytes } = decodeSerializedIdentity(serialized);
    const msp = this.#msps.get(mspId);
    if (!msp) throw new IdentityError("unknown_msp", `MSP ${excerpt(mspId)} is not trusted`);
    const cert = readLeaf(singleCertificateDer(idBytes));
    if (isCaCertificate(cert))
      throw new IdentityError("is_ca", "a CA certificate cannot be used as an identity");
    const key = p256KeyOf(cert.spki);
    const chain = buildChain(cert, msp.cas);
    if (!chain) {
      throw new IdentityError("untrusted_ca", `certificate does not chain to a CA of MSP ${excerpt(mspId)}`);
    }
    checkTime(now, cert.notBefore, cert.notAfter);
    if (msp.trust.nodeOUs?.enabled) checkRoleOU(msp.trust.nodeOUs, cert.subjectOUs, chain, mspId);
    // The trusted MSP's own string: one copy per MSP, not one per identity.
    const identity = new RemoteIdentity(msp.trust.mspId, pkiIdFromParts(mspId, idBytes), key, cert.notAfter);
    return { identity: Object.freeze(identity), notBefore: cert.notBefore };
  }
}

/** A validated identity: a class, so its verify is one shared method, not a closure per identity. */
class RemoteIdentity implements ValidatedIdentity {
  constructor(
    readonly mspId: string,
    readonly pkiId: Uint8Array,
    readonly publicKey: KeyObject,
    readonly expiresAt: number,
  ) {}

  verify(data: Uint8Array, signature: Uint8Array): boolean {
    return verifyP256LowS(this.publicKey, data, signature);
  }

  verifyAsync(data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return verifyP256LowSAsync(this.publicKey, data, signature);
  }
}

/** The certificate's fields, or IdentityError("malformed"). Fabric's identities are X.509 v3, as Go writes them. */
function readLeaf(der: Uint8Array): CertificateFields {
  let cert: CertificateFields;
  try {
    cert = readCertificate(der);
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    throw new IdentityError("malformed", `certificate does not parse as X.509 (${err.message})`, {
      cause: err,
    });
  }
  if (cert.version !== 3) throw new IdentityError("malformed", "identity certificate is not X.509 v3");
  return cert;
}

const KEY_CERT_SIGN = 0x04;
const NETSCAPE_ANY_CA = 0x07;

/**
 * Go's IsCA (basicConstraints cA, Fabric's rule), and every case in which OpenSSL's
 * X509_check_ca, which this validator used before, calls a certificate a CA: without
 * basicConstraints, a keyUsage allowing keyCertSign or a Netscape CA certificate type.
 */
function isCaCertificate(cert: CertificateFields): boolean {
  const { basicConstraintsCa, keyUsage, netscapeCertType } = cert.extensions;
  if (basicConstraintsCa !== undefined) return basicConstraintsCa;
  if (keyUsage !== undefined) return (keyUsage & KEY_CERT_SIGN) !== 0;
  return netscapeCertType !== undefined && (netscapeCertType & NETSCAPE_ANY_CA) !== 0;
}

const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const PRIME256V1 = "1.2.840.10045.3.1.7";
/** 0x04, then the two 32-byte coordinates. */
const UNCOMPRESSED_POINT_BYTES = 65;

/**
 * The key of a named-curve P-256 SubjectPublicKeyInfo with an uncompressed point (Go's
 * x509, hence Fabric, accepts no other form); OpenSSL checks the point is on the curve.
 * Decoded from the SPKI DER, not built from a JWK: a JWK makes a legacy OpenSSL key that
 * is copied again on its first verification (5.6 KB per key instead of 3.7 KB).
 */
export function p256KeyOf(spki: Uint8Array): KeyObject {
  try {
    const info = publicKeyInfoOf(spki);
    if (
      info.algorithm === EC_PUBLIC_KEY &&
      info.curve === PRIME256V1 &&
      info.key.length === UNCOMPRESSED_POINT_BYTES &&
      info.key[0] === 0x04
    ) {
      return createPublicKey({
        key: Buffer.from(spki.buffer, spki.byteOffset, spki.length),
        format: "der",
        type: "spki",
      });
    }
  } catch {
    // a malformed key is a bad key
  }
  throw new IdentityError("bad_key", "identity key is not an EC P-256 key");
}

function checkTime(now: number, notBefore: number, notAfter: number): void {
  if (now > notAfter) {
    throw new IdentityError("expired", `certificate expired at ${new Date(notAfter).toISOString()}`);
  }
  if (now < notBefore) {
    throw new IdentityError(
      "not_yet_valid",
      `certificate is valid from ${new Date(notBefore).toISOString()}`,
    );
  }
}

/** Fabric's NodeOUs rule: exactly one of the configured role OUs, issued by that role's certifier if one is set. */
function checkRoleOU(nodeOUs: NodeOUs, ous: string[], chain: CaCert[], mspId: string): void {
  // Keyed by OU value, as Fabric does: two roles sharing one OU string count once.
  const roles = new Map(roleOUs(nodeOUs).map((r) => [r.ou, r.role]));
  const matched = ous.flatMap((ou) => {
    const role = roles.get(ou);
    return role ? [role] : [];
  });
  if (matched.length !== 1) {
    throw new IdentityError(
      "missing_ou",
      `identity must carry exactly one role OU of MSP ${excerpt(mspId)} (${[...roles.keys()].join(", ")}), ` +
        `has [${excerpt(ous.join(", "), 128)}]`,
    );
  }
  const role = matched[0] as NodeRole;
  const certifier = nodeOUs.certifiers?.[role];
  if (certifier && chain[0]?.fingerprint !== certifier) {
    throw new IdentityError(
      "missing_ou",
      `the ${role} OU is not certified by the CA configured for it in MSP ${excerpt(mspId)}`,
    );
  }
}
