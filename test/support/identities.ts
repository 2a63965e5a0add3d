// In-memory identity fixtures for the whole test suite: one CA (and TLS CA) per org,
// cheap peers issued from it, and a validator trusting a set of orgs. Nothing is
// written to disk.
import {
  type CertificateAuthority,
  createCa,
  createSigningIdentity,
  IdentityValidator,
  type IssuedCertificate,
  type IssueOptions,
  issueIdentity,
  issueTlsCertificate,
  type MspTrust,
  mspTrustFromPem,
  type NodeOUs,
  type SigningIdentity,
} from "../../src/identity/index.js";

/** One test peer: its gossip identity plus the PEMs a comm/TLS test needs. */
export interface TestPeer {
  /** peer<n>.<domain> unless a name was given. */
  readonly name: string;
  readonly signingIdentity: SigningIdentity;
  readonly certPem: string;
  /** PKCS#8 PEM of the signing key. */
  readonly keyPem: string;
  /** TLS certificate (serverAuth + clientAuth, SANs localhost, 127.0.0.1, name) from the org's TLS CA. */
  readonly tlsCertPem: string;
  readonly tlsKeyPem: string;
}

/** A test organisation. */
export interface TestOrg {
  readonly mspId: string;
  /** Domain used in names, e.g. org1.example.com. */
  readonly domain: string;
  readonly trust: MspTrust;
  readonly caCertPem: string;
  readonly tlsCaCertPem: string;
  readonly ca: CertificateAuthority;
  readonly tlsCa: CertificateAuthority;
  /** Issues a new peer (OU "peer"); names default to peer0.<domain>, peer1.<domain>, ... */
  newPeer(name?: string): Promise<TestPeer>;
  /** Issues an arbitrary certificate from the org CA (expired, CA, wrong OU, ...) for negative tests. */
  issue(opts: IssueOptions): Promise<IssuedCertificate>;
}

/** Options for makeOrg. */
export interface MakeOrgOptions {
  /** Defaults to the MSP ID lower-cased without "msp" + ".example.com" (Org1MSP -> org1.example.com). */
  domain?: string;
  /** NodeOUs as cryptogen enables them (default true); false leaves them off. */
  nodeOUs?: boolean;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

const NODE_OUS: NodeOUs = {
  enabled: true,
  clientOU: "client",
  peerOU: "peer",
  adminOU: "admin",
  ordererOU: "orderer",
};

/** Creates an org with its own CA and TLS CA; reuse it for all its peers (issuing is a few ms). */
export async function makeOrg(mspId = "Org1MSP", opts?: MakeOrgOptions): Promise<TestOrg> {
  const domain = opts?.domain ?? `${mspId.replace(/msp$/i, "").toLowerCase()}.example.com`;
  // CAs start a year back so tests can issue already-expired certificates: like Fabric,
  // the validator wants the CA valid when the leaf's validity began.
  const validity = {
    notBefore: new Date(Date.now() - YEAR_MS),
    notAfter: new Date(Date.now() + 10 * YEAR_MS),
  };
  const ca = await createCa({ cn: `ca.${domain}`, org: domain, ...validity });
  const tlsCa = await createCa({ cn: `tlsca.${domain}`, org: domain, ...validity });
  const trust = mspTrustFromPem(mspId, [ca.certPem], [], opts?.nodeOUs === false ? undefined : NODE_OUS);
  let next = 0;
  return {
    mspId,
    domain,
    trust,
    caCertPem: ca.certPem,
    tlsCaCertPem: tlsCa.certPem,
    ca,
    tlsCa,
    async newPeer(name?: string): Promise<TestPeer> {
      const peerName = name ?? `peer${next++}.${domain}`;
      const signing = await issueIdentity(ca, { cn: peerName, ou: "peer" });
      const tls = await issueTlsCertificate(tlsCa, {
        cn: peerName,
        hosts: [peerName, "localhost", "127.0.0.1"],
      });
      return {
        name: peerName,
        signingIdentity: createSigningIdentity(mspId, signing.certPem, signing.keyPem),
        certPem: signing.certPem,
        keyPem: signing.keyPem,
        tlsCertPem: tls.certPem,
        tlsKeyPem: tls.keyPem,
      };
    },
    issue: (issueOpts) => issueIdentity(ca, issueOpts),
  };
}

/** A validator trusting exactly these orgs, on the wall clock. */
export function validatorFor(...orgs: TestOrg[]): IdentityValidator {
  return new IdentityValidator(
    orgs.map((o) => o.trust),
    Date.now,
  );
}
