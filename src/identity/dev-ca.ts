// Writes cryptogen-style crypto material for one org (CA, TLS CA, org MSP, and per
// peer an MSP folder and a TLS folder). Used by tests, the demo and the `certs` CLI
// command; loadLocalMsp reads what it writes.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CertificateAuthority, createCa, issueIdentity, issueTlsCertificate } from "./ca.js";

/** What to generate. */
export interface DevMaterialOptions {
  outDir: string;
  /** Org domain, e.g. org1.example.com. */
  org: string;
  mspId: string;
  peers: number;
  /** Validity of every certificate, in days; defaults to 3650 like cryptogen. */
  validityDays?: number;
  /** Write config.yaml with NodeOUs and give signing certs the "peer" OU; default true. */
  nodeOUs?: boolean;
  /** Extra SANs for TLS certificates; localhost, 127.0.0.1 and the peer name are always there. */
  hosts?: string[];
}

/** One generated peer. */
export interface DevPeer {
  /** peer<i>.<org> */
  name: string;
  mspDir: string;
  tlsDir: string;
  certPem: string;
  keyPem: string;
}

/** What was generated. */
export interface DevMaterial {
  caCertPem: string;
  tlsCaCertPem: string;
  /** <out>/msp: the org's public MSP (cacerts, tlscacerts, config.yaml), for loadMspTrust. */
  orgMspDir: string;
  peers: DevPeer[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const BACKDATE_MS = 5 * 60 * 1000;
const PRIVATE = 0o600;

/** config.yaml enabling NodeOUs, each role certified by the org CA, as cryptogen writes it. */
function nodeOUsYaml(caFile: string): string {
  const role = (key: string, ou: string) =>
    `  ${key}:\n    Certificate: cacerts/${caFile}\n    OrganizationalUnitIdentifier: ${ou}\n`;
  return (
    "NodeOUs:\n  Enable: true\n" +
    role("ClientOUIdentifier", "client") +
    role("PeerOUIdentifier", "peer") +
    role("AdminOUIdentifier", "admin") +
    role("OrdererOUIdentifier", "orderer")
  );
}

async function write(path: string, content: string, mode?: number): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, content, mode === undefined ? undefined : { mode });
  // writeFile's mode only applies to new files; make re-generation tighten it too.
  if (mode !== undefined) await chmod(path, mode);
}

/** Generates the material and writes it under opts.outDir (existing files are overwritten). */
export async function generateDevMaterial(opts: DevMaterialOptions): Promise<DevMaterial> {
  if (!Number.isInteger(opts.peers) || opts.peers < 0)
    throw new RangeError("peers must be a non-negative integer");
  const nodeOUs = opts.nodeOUs ?? true;
  const notBefore = new Date(Date.now() - BACKDATE_MS);
  const notAfter = new Date(notBefore.getTime() + (opts.validityDays ?? 3650) * DAY_MS);
  const validity = { notBefore, notAfter };
  const ca = await createCa({ cn: `ca.${opts.org}`, org: opts.org, ...validity });
  const tlsCa = await createCa({ cn: `tlsca.${opts.org}`, org: opts.org, ...validity });
  const caFile = `ca.${opts.org}-cert.pem`;
  const tlsCaFile = `tlsca.${opts.org}-cert.pem`;

  await writeCa(join(opts.outDir, "ca"), caFile, ca);
  await writeCa(join(opts.outDir, "tlsca"), tlsCaFile, tlsCa);
  const orgMspDir = join(opts.outDir, "msp");
  await writePublicMsp(orgMspDir, { caFile, ca, tlsCaFile, tlsCa, nodeOUs });

  const peers: DevPeer[] = [];
  for (let i = 0; i < opts.peers; i++) {
    const name = `peer${i}.${opts.org}`;
    const peerDir = join(opts.outDir, "peers", name);
    const mspDir = join(peerDir, "msp");
    const tlsDir = join(peerDir, "tls");
    const signing = await issueIdentity(ca, { cn: name, ...(nodeOUs ? { ou: "peer" } : {}), ...validity });
    const tls = await issueTlsCertificate(tlsCa, {
      cn: name,
      hosts: [name, `peer${i}`, "localhost", "127.0.0.1", ...(opts.hosts ?? [])],
      ...validity,
    });
    await writePublicMsp(mspDir, { caFile, ca, tlsCaFile, tlsCa, nodeOUs });
    await write(join(mspDir, "signcerts", `${name}-cert.pem`), signing.certPem);
    await write(join(mspDir, "keystore", "priv_sk"), signing.keyPem, PRIVATE);
    await write(join(tlsDir, "server.crt"), tls.certPem);
    await write(join(tlsDir, "server.key"), tls.keyPem, PRIVATE);
    await write(join(tlsDir, "ca.crt"), tlsCa.certPem);
    peers.push({ name, mspDir, tlsDir, certPem: signing.certPem, keyPem: signing.keyPem });
  }
  return { caCertPem: ca.certPem, tlsCaCertPem: tlsCa.certPem, orgMspDir, peers };
}

async function writeCa(dir: string, certFile: string, ca: CertificateAuthority): Promise<void> {
  await write(join(dir, certFile), ca.certPem);
  await write(join(dir, "priv_sk"), ca.keyPem, PRIVATE);
}

interface PublicMsp {
  caFile: string;
  ca: CertificateAuthority;
  tlsCaFile: string;
  tlsCa: CertificateAuthority;
  nodeOUs: boolean;
}

async function writePublicMsp(dir: string, m: PublicMsp): Promise<void> {
  await write(join(dir, "cacerts", m.caFile), m.ca.certPem);
  await write(join(dir, "tlscacerts", m.tlsCaFile), m.tlsCa.certPem);
  if (m.nodeOUs) await write(join(dir, "config.yaml"), nodeOUsYaml(m.caFile));
}
