// Loads Fabric MSP folders as cryptogen and Fabric CA write them: the local node's
// own MSP (signcerts/, keystore/, cacerts/, ...) and other orgs' CA material.
// Every failure names the file or folder to fix.
import type { X509Certificate } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { canonicalCertificatePem, parseCertificateBundle } from "./certificate.js";
import { IdentityError, MspLoadError } from "./errors.js";
import { type MspTrust, mspTrustFromPem, type NodeOUs } from "./msp-trust.js";
import { parseNodeOUsConfig } from "./node-ous.js";
import {
  createSigningIdentity,
  keyMatches,
  parseEcPrivateKey,
  type SigningIdentity,
} from "./signing-identity.js";
import { IdentityValidator } from "./validator.js";

export type { MspTrust, NodeOUs } from "./msp-trust.js";
export { mspTrustFromPem } from "./msp-trust.js";

/** The local node's MSP: who it is, whom its org trusts, and its org's TLS roots. */
export interface LocalMsp {
  signingIdentity: SigningIdentity;
  trust: MspTrust;
  /** PEMs from tlscacerts/ (one certificate each, Go-style PEM). */
  tlsRootCertsPem: string[];
  /** PEMs from tlsintermediatecerts/, if any. */
  tlsIntermediateCertsPem: string[];
  /** Things the operator should know but that do not stop the node (e.g. CRLs that are not checked). */
  warnings: string[];
}

/** Another org's CA material, with what the operator should be warned about. */
export interface MspTrustWithWarnings {
  trust: MspTrust;
  warnings: string[];
}

/** Options for loadLocalMsp. */
export interface LoadLocalMspOptions {
  /** Clock for checking that the local certificate is currently valid; defaults to Date.now. */
  now?: () => number;
}

/**
 * Loads the node's own MSP folder. The signing certificate is put in Fabric's
 * canonical form (low-S, Go PEM) so our PKI-ID equals the one a Fabric peer would
 * compute for this folder, then validated against the folder's own CAs.
 */
export async function loadLocalMsp(
  dir: string,
  mspId: string,
  options?: LoadLocalMspOptions,
): Promise<LocalMsp> {
  const { trust, warnings } = await loadMspTrustWithWarnings(dir, mspId);
  const { path: certPath, text: certText } = await firstFile(dir, "signcerts");
  // Like Fabric, the first certificate of the first signcerts file is the node's.
  const cert = certificatesAt(certPath, certText)[0] as X509Certificate;
  const issuer = [...trust.intermediateCerts, ...trust.rootCerts].find(
    (ca) => cert.checkIssued(ca) && safeVerify(cert, ca),
  );
  const certificatePem = canonicalCertificatePem(cert.raw, issuer);
  const keyPem = await matchingKey(join(dir, "keystore"), cert, certPath);
  let signingIdentity: SigningIdentity;
  try {
    signingIdentity = createSigningIdentity(mspId, certificatePem, keyPem);
  } catch (err) {
    throw new MspLoadError(
      join(dir, "keystore"),
      `cannot use key with ${certPath}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  try {
    new IdentityValidator([trust], options?.now ?? Date.now).validate(signingIdentity.serialized);
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    throw new MspLoadError(certPath, `not a valid identity of ${mspId} (${err.reason}): ${err.message}`, {
      cause: err,
    });
  }
  return {
    signingIdentity,
    trust,
    tlsRootCertsPem: await optionalCertPems(dir, "tlscacerts"),
    tlsIntermediateCertsPem: await optionalCertPems(dir, "tlsintermediatecerts"),
    warnings,
  };
}

/**
 * Loads another org's CA material: cacerts/ (required), intermediatecerts/ and config.yaml (optional).
 * Warnings are dropped; callers that can tell the operator use loadMspTrustWithWarnings.
 */
export async function loadMspTrust(dir: string, mspId: string): Promise<MspTrust> {
  return (await loadMspTrustWithWarnings(dir, mspId)).trust;
}

/** loadMspTrust, plus warnings about MSP content this node does not honour (a non-empty crls/). */
export async function loadMspTrustWithWarnings(dir: string, mspId: string): Promise<MspTrustWithWarnings> {
  await requireDir(dir, "MSP directory");
  const roots = await pemFiles(dir, "cacerts", true);
  const intermediates = await pemFiles(dir, "intermediatecerts", false);
  const nodeOUs = await readNodeOUs(dir);
  let trust: MspTrust;
  try {
    trust = mspTrustFromPem(
      mspId,
      roots.map((f) => f.text),
      intermediates.map((f) => f.text),
      nodeOUs,
    );
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    throw new MspLoadError(join(dir, "cacerts"), err.message, { cause: err });
  }
  return { trust, warnings: await crlWarnings(dir) };
}

/**
 * CRLs are not implemented: a certificate they revoke would still be accepted. Ignoring a
 * non-empty crls/ silently would let an operator believe revocation works, so say so.
 */
async function crlWarnings(dir: string): Promise<string[]> {
  const files = await listFiles(join(dir, "crls"));
  if (files === undefined || files.length === 0) return [];
  return [`MSP ${dir} has CRLs in crls/; revocation is not checked by this node`];
}

interface PemFile {
  readonly path: string;
  readonly text: string;
}

async function requireDir(path: string, what: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    throw new MspLoadError(path, `${what} does not exist`);
  }
  if (!isDir) throw new MspLoadError(path, `${what} is not a directory`);
}

/** Regular, non-hidden files of a folder, sorted by name; undefined when the folder is absent. */
async function listFiles(dir: string): Promise<string[] | undefined> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new MspLoadError(dir, `cannot be read (${(err as Error).message})`, { cause: err });
  }
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    if (e.isFile() || (e.isSymbolicLink() && (await stat(join(dir, e.name))).isFile())) names.push(e.name);
  }
  return names.sort().map((n) => join(dir, n));
}

/** Reads every file of `<dir>/<sub>` as PEM certificates; each must hold at least one. */
async function pemFiles(dir: string, sub: string, required: boolean): Promise<PemFile[]> {
  const folder = join(dir, sub);
  const files = await listFiles(folder);
  if (files === undefined) {
    if (required) throw new MspLoadError(folder, `missing: an MSP needs a ${sub}/ folder`);
    return [];
  }
  if (files.length === 0 && required)
    throw new MspLoadError(folder, "is empty: at least one PEM certificate is needed");
  const out: PemFile[] = [];
  for (const path of files) {
    const text = await readFile(path, "utf8");
    certificatesAt(path, text);
    out.push({ path, text });
  }
  return out;
}

async function firstFile(dir: string, sub: string): Promise<PemFile> {
  const folder = join(dir, sub);
  const files = await listFiles(folder);
  if (files === undefined) throw new MspLoadError(folder, `missing: a local MSP needs a ${sub}/ folder`);
  const path = files[0];
  if (path === undefined) throw new MspLoadError(folder, "is empty: the node's certificate is expected here");
  return { path, text: await readFile(path, "utf8") };
}

/** Parses a PEM certificate file, blaming the file when it is not one. */
function certificatesAt(path: string, text: string): X509Certificate[] {
  try {
    return parseCertificateBundle(text);
  } catch (err) {
    throw new MspLoadError(path, "is not a PEM certificate file", { cause: err });
  }
}

/** Picks the keystore file whose key belongs to `cert` (Fabric CA can leave several keys behind). */
async function matchingKey(keystore: string, cert: X509Certificate, certPath: string): Promise<string> {
  const files = await listFiles(keystore);
  if (files === undefined) throw new MspLoadError(keystore, "missing: a local MSP needs a keystore/ folder");
  if (files.length === 0)
    throw new MspLoadError(keystore, "is empty: the node's private key is expected here");
  const problems: string[] = [];
  for (const path of files) {
    const text = await readFile(path, "utf8");
    try {
      if (keyMatches(parseEcPrivateKey(text), cert.publicKey)) return text;
      problems.push(`${path}: key does not match`);
    } catch (err) {
      problems.push(`${path}: ${(err as Error).message}`);
    }
  }
  throw new MspLoadError(
    keystore,
    `no private key matches the certificate ${certPath} (${problems.join("; ")})`,
  );
}

async function optionalCertPems(dir: string, sub: string): Promise<string[]> {
  const files = await pemFiles(dir, sub, false);
  return files.flatMap((f) => parseCertificateBundle(f.text).map((c) => canonicalCertificatePem(c.raw)));
}

async function readNodeOUs(dir: string): Promise<NodeOUs | undefined> {
  const path = join(dir, "config.yaml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new MspLoadError(path, `cannot be read (${(err as Error).message})`, { cause: err });
  }
  return parseNodeOUsConfig(dir, path, text);
}

function safeVerify(cert: X509Certificate, ca: X509Certificate): boolean {
  try {
    return cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}
