// Start-up checks of `start`, run before any port opens: every file the node will
// read is read and judged now (the local MSP and its key, other orgs' CAs, gossip
// and admin TLS), and the signing certificate must belong to CORE_PEER_LOCALMSPID.
// A failure is one StartupCheckError naming the variable and the file, so the
// operator knows what to fix from a single line, and nothing was left listening.
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { readFile as fsReadFile } from "node:fs/promises";
import type { NodeConfig } from "../config/node-config.js";
import * as V from "../config/variables.js";
import { IdentityError, MspLoadError } from "../identity/errors.js";
import {
  type LocalMsp,
  loadLocalMsp,
  loadMspTrustWithWarnings,
  type MspTrust,
  type MspTrustWithWarnings,
} from "../identity/msp.js";
import { serializeIdentity } from "../identity/pki-id.js";
import { keyMatches } from "../identity/signing-identity.js";
import { IdentityValidator } from "../identity/validator.js";
import type { NodeMsps } from "../node/from-config.js";

/** A start-up check failed; the message is one line: `VARIABLE (file): problem`. */
export class StartupCheckError extends Error {
  override readonly name = "StartupCheckError";

  constructor(
    readonly variable: string,
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${variable} (${path}): ${oneLine(problem)}`, options);
  }
}

interface StartupCheckOptions {
  /** Reads a file as text; node:fs by default (tests inject failures root cannot provoke). */
  readFile?: (path: string) => Promise<string>;
  now?: () => number;
}

/**
 * Runs every check; throws the first StartupCheckError. Returns the MSPs it loaded, which the
 * node is then built from (nodeFromConfig): each MSP folder is read and parsed once per start.
 * (Their warnings are logged when the node is built.)
 */
export async function checkStartup(config: NodeConfig, options: StartupCheckOptions = {}): Promise<NodeMsps> {
  const read = options.readFile ?? ((path: string) => fsReadFile(path, "utf8"));
  const now = options.now ?? Date.now;
  const local = await blame(V.MSP_CONFIG_PATH.env, config.mspConfigPath, () =>
    loadLocalMsp(config.mspConfigPath, config.localMspId, { now }),
  );
  const trusted: MspTrustWithWarnings[] = [];
  for (const t of config.trustedMsps) {
    trusted.push(await blame(V.TRUSTED_MSPS.env, t.dir, () => loadMspTrustWithWarnings(t.dir, t.mspId)));
  }
  checkMspId(
    config,
    local,
    trusted.map((t) => t.trust),
    now,
  );
  if (config.tls.enabled) await checkGossipTls(config.tls, read);
  if (config.operations.tls.enabled) await checkOperationsTls(config.operations.tls, read);
  return { local, trusted };
}

/**
 * Certificates carry no MSP ID, so a mismatch shows in two ways: another org's CAs
 * (FGN_TRUSTED_MSPS) issued our certificate, or the issuing CA's organisation follows
 * Fabric's sample naming (org1.example.com ↔ Org1MSP) for a different org number.
 */
function checkMspId(config: NodeConfig, local: LocalMsp, others: MspTrust[], now: () => number): void {
  const certPem = local.signingIdentity.certificatePem;
  const variable = V.LOCAL_MSP_ID.env;
  const mspId = config.localMspId;
  for (const trust of others) {
    if (trust.mspId !== mspId && issues(trust, certPem, now)) {
      throw new StartupCheckError(
        variable,
        config.mspConfigPath,
        `is ${mspId}, but the signing certificate is issued by the CA of ${trust.mspId} (${V.TRUSTED_MSPS.env}); set ${variable}=${trust.mspId} or use ${mspId}'s MSP directory`,
      );
    }
  }
  const org = issuerOrganization(certPem);
  const expected = org === undefined ? undefined : conventionalMspId(org);
  if (expected !== undefined && conflictsWithConvention(mspId, expected)) {
    throw new StartupCheckError(
      variable,
      config.mspConfigPath,
      `is ${mspId}, but the signing certificate is issued by the CA of ${org}, whose MSP ID is ${expected} by Fabric's naming`,
    );
  }
}

/** True when `trust`'s CAs issued `certPem` (even if the identity is refused for another reason). */
function issues(trust: MspTrust, certPem: string, now: () => number): boolean {
  try {
    new IdentityValidator([trust], now).validate(serializeIdentity(trust.mspId, certPem));
    return true;
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    return err.reason !== "untrusted_ca";
  }
}

function issuerOrganization(certPem: string): string | undefined {
  const line = new X509Certificate(certPem).issuer.split("\n").find((l) => l.startsWith("O="));
  return line?.slice(2);
}

/** "org1.example.com" → "Org1MSP"; undefined for names outside the sample convention. */
function conventionalMspId(org: string): string | undefined {
  const m = /^([a-z]+)(\d+)\.[a-z0-9.-]+$/i.exec(org);
  if (!m?.[1] || !m[2]) return undefined;
  return `${m[1].charAt(0).toUpperCase()}${m[1].slice(1).toLowerCase()}${m[2]}MSP`;
}

/** Same word, different number (Org2MSP for an org1.example.com CA): surely a mix-up. */
function conflictsWithConvention(mspId: string, expected: string): boolean {
  const numbered = /^([a-z]+)(\d+)msp$/i;
  const a = numbered.exec(mspId);
  const b = numbered.exec(expected);
  if (!a || !b) return false;
  return a[1]?.toLowerCase() === b[1]?.toLowerCase() && Number(a[2]) !== Number(b[2]);
}

async function checkGossipTls(tls: NodeConfig["tls"], read: Reader): Promise<void> {
  const cert = await certificateFile(V.TLS_CERT_FILE.env, tls.certFile, read);
  await keyFile(V.TLS_KEY_FILE.env, tls.keyFile, cert, read);
  await certificateFile(V.TLS_ROOTCERT_FILE.env, tls.rootCertFile, read);
  for (const path of tls.clientRootCAs) await certificateFile(V.TLS_CLIENT_ROOT_CAS.env, path, read);
}

async function checkOperationsTls(tls: NodeConfig["operations"]["tls"], read: Reader): Promise<void> {
  const cert = await certificateFile(V.OPERATIONS_TLS_CERT_FILE.env, tls.certFile, read);
  await keyFile(V.OPERATIONS_TLS_KEY_FILE.env, tls.keyFile, cert, read);
  for (const path of tls.clientRootCAs) {
    await certificateFile(V.OPERATIONS_TLS_CLIENT_ROOT_CAS.env, path, read);
  }
}

type Reader = (path: string) => Promise<string>;

/** Reads a PEM certificate file (the first certificate of a bundle is parsed). */
async function certificateFile(
  variable: string,
  path: string | undefined,
  read: Reader,
): Promise<X509Certificate | undefined> {
  if (path === undefined) return undefined;
  const text = await blame(variable, path, () => read(path));
  try {
    return new X509Certificate(text);
  } catch (err) {
    throw new StartupCheckError(variable, path, "is not a PEM certificate file", { cause: err });
  }
}

/** Reads a PEM private key file and checks it belongs to `cert`. */
async function keyFile(
  variable: string,
  path: string | undefined,
  cert: X509Certificate | undefined,
  read: Reader,
): Promise<void> {
  if (path === undefined) return;
  const text = await blame(variable, path, () => read(path));
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch (err) {
    throw new StartupCheckError(variable, path, "is not a PEM private key file", { cause: err });
  }
  if (cert !== undefined && !keyMatches(key, cert.publicKey)) {
    throw new StartupCheckError(variable, path, "does not match the certificate's public key");
  }
}

/** Runs `step`; a file-system or MSP failure becomes a StartupCheckError naming `variable`. */
async function blame<T>(variable: string, path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof MspLoadError) {
      throw new StartupCheckError(variable, err.path, err.message.slice(err.path.length + 2), { cause: err });
    }
    const problem = describeFsError(err);
    if (problem === undefined) throw err;
    const at = (err as NodeJS.ErrnoException).path ?? path;
    throw new StartupCheckError(variable, at, problem, { cause: err });
  }
}

const FS_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

/** "permission denied (EACCES)" for a file-system error, undefined for anything else. */
function describeFsError(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return undefined;
  return `${FS_PROBLEMS[code] ?? "cannot be read"} (${code})`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ");
}
