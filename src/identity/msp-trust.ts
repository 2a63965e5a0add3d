// The trust material of one MSP (organisation): root and intermediate CAs and its
// NodeOUs settings. Everything the validator needs to judge that org's identities.
import type { X509Certificate } from "node:crypto";
import { parseCertificateBundle } from "./certificate.js";
import { IdentityError } from "./errors.js";

/** The four roles Fabric tells apart by subject OU when NodeOUs are enabled. */
export type NodeRole = "client" | "peer" | "admin" | "orderer";

/** NodeOUs settings from an MSP's config.yaml. */
export interface NodeOUs {
  enabled: boolean;
  peerOU?: string;
  clientOU?: string;
  adminOU?: string;
  ordererOU?: string;
  /**
   * Per role, the SHA-256 (hex, of the DER) of the CA certificate named by config.yaml's
   * `Certificate`: a certificate claiming that role must be issued directly by that CA.
   * Absent means any CA of the MSP may certify the role.
   */
  certifiers?: Partial<Record<NodeRole, string>>;
}

/** CA material of one MSP. */
export interface MspTrust {
  mspId: string;
  rootCerts: X509Certificate[];
  intermediateCerts: X509Certificate[];
  nodeOUs?: NodeOUs;
}

/** Builds MspTrust from PEM strings (each may hold several certificates); every certificate must be a CA. */
export function mspTrustFromPem(
  mspId: string,
  rootPems: string[],
  intermediatePems: string[] = [],
  nodeOUs?: NodeOUs,
): MspTrust {
  const parse = (pems: string[], kind: string) =>
    pems.flatMap((pem, i) => {
      const certs = parseCertificateBundle(pem);
      for (const cert of certs) {
        if (!cert.ca) {
          throw new IdentityError(
            "untrusted_ca",
            `${kind} certificate #${i} of ${mspId} is not a CA certificate`,
          );
        }
      }
      return certs;
    });
  const rootCerts = parse(rootPems, "root");
  if (rootCerts.length === 0) {
    throw new IdentityError("untrusted_ca", `MSP ${mspId} has no root certificate`);
  }
  const trust: MspTrust = { mspId, rootCerts, intermediateCerts: parse(intermediatePems, "intermediate") };
  if (nodeOUs) trust.nodeOUs = nodeOUs;
  return trust;
}

/** The configured role OU values, keyed by role (only roles that have an OU). */
export function roleOUs(nodeOUs: NodeOUs): Array<{ role: NodeRole; ou: string }> {
  const out: Array<{ role: NodeRole; ou: string }> = [];
  if (nodeOUs.clientOU) out.push({ role: "client", ou: nodeOUs.clientOU });
  if (nodeOUs.peerOU) out.push({ role: "peer", ou: nodeOUs.peerOU });
  if (nodeOUs.adminOU) out.push({ role: "admin", ou: nodeOUs.adminOU });
  if (nodeOUs.ordererOU) out.push({ role: "orderer", ou: nodeOUs.ordererOU });
  return out;
}
