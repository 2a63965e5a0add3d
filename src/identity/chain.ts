// Certification-path building inside one MSP: from a leaf, through the MSP's
// intermediates, to one of its roots, checking each link's signature. Roots are
// trust anchors; nothing outside the MSP's own CA list is ever consulted.
import type { X509Certificate } from "node:crypto";
import { fingerprintOf, type Validity, validityOf } from "./certificate.js";
import type { MspTrust } from "./msp-trust.js";

/** A CA certificate of an MSP, pre-digested for path building. */
export interface CaCert {
  readonly cert: X509Certificate;
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
    fingerprint: fingerprintOf(cert),
    validity: validityOf(cert),
    isRoot,
  });
  return [
    ...trust.rootCerts.filter((c) => c.ca).map((c) => entry(c, true)),
    ...trust.intermediateCerts.filter((c) => c.ca).map((c) => entry(c, false)),
  ];
}

/**
 * Returns the issuers of `leaf` from its direct issuer up to a root, or undefined if
 * no path exists. Like Fabric, CA validity is judged at the leaf's notBefore + 1s:
 * a CA that has since expired still vouches for certificates it issued while valid.
 */
export function buildChain(
  leaf: X509Certificate,
  cas: readonly CaCert[],
  leafNotBefore: number,
): CaCert[] | undefined {
  const at = leafNotBefore + 1000;
  const walk = (child: X509Certificate, path: CaCert[]): CaCert[] | undefined => {
    if (path.length >= MAX_DEPTH) return undefined;
    for (const ca of cas) {
      if (path.includes(ca)) continue;
      if (at < ca.validity.notBefore || at > ca.validity.notAfter) continue;
      if (!child.checkIssued(ca.cert) || !verifies(child, ca.cert)) continue;
      const next = [...path, ca];
      if (ca.isRoot) return next;
      const found = walk(ca.cert, next);
      if (found) return found;
    }
    return undefined;
  };
  return walk(leaf, []);
}

function verifies(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
