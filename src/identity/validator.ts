// Judges remote identities the way a Fabric peer's gossip layer does: trusted MSP,
// one PEM certificate, chained to that MSP's CAs, in its validity window, EC P-256,
// not a CA, and (with NodeOUs) exactly one role OU. Successes are cached.
//
// A validated identity keeps only its public key and a few numbers: the parsed
// certificate (about 6 KB of OpenSSL memory besides the key) is dropped once judged.
import { createHash, type KeyObject } from "node:crypto";
import { leafFactsOf, parseSingleCertificatePem, validityOf } from "./certificate.js";
import { buildChain, type CaCert, caCertsOf } from "./chain.js";
import { verifyP256LowS } from "./ecdsa.js";
import { excerpt, IdentityError } from "./errors.js";
import { LruCache } from "./lru-cache.js";
import { type MspTrust, type NodeOUs, type NodeRole, roleOUs } from "./msp-trust.js";
import { assertIdentitySize, decodeSerializedIdentity, pkiIdFromParts } from "./pki-id.js";

/** A remote identity that passed validation. */
export interface ValidatedIdentity {
  readonly mspId: string;
  readonly pkiId: Uint8Array;
  readonly serialized: Uint8Array;
  /** The certificate's EC P-256 public key. */
  readonly publicKey: KeyObject;
  /** The certificate's notAfter, ms since the epoch. */
  readonly expiresAt: number;
  /** Checks a Fabric-style (DER, low-S) signature by this identity. */
  verify(data: Uint8Array, signature: Uint8Array): boolean;
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
    const { cert } = parseSingleCertificatePem(idBytes);
    if (cert.ca) throw new IdentityError("is_ca", "a CA certificate cannot be used as an identity");
    const key = cert.publicKey;
    const facts = leafFactsOf(cert);
    if (key.asymmetricKeyType !== "ec" || facts.curve !== "prime256v1") {
      throw new IdentityError("bad_key", "identity key is not an EC P-256 key");
    }
    const validity = validityOf(cert);
    const chain = buildChain(cert, msp.cas, validity.notBefore);
    if (!chain) {
      throw new IdentityError("untrusted_ca", `certificate does not chain to a CA of MSP ${excerpt(mspId)}`);
    }
    checkTime(now, validity.notBefore, validity.notAfter);
    if (msp.trust.nodeOUs?.enabled) checkRoleOU(msp.trust.nodeOUs, facts.ous, chain, mspId);
    const identity: ValidatedIdentity = Object.freeze({
      mspId,
      pkiId: pkiIdFromParts(mspId, idBytes),
      serialized: new Uint8Array(serialized),
      publicKey: key,
      expiresAt: validity.notAfter,
      verify: (data: Uint8Array, signature: Uint8Array) => verifyP256LowS(key, data, signature),
    });
    return { identity, notBefore: validity.notBefore };
  }
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
