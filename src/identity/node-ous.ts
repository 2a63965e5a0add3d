// Reads the NodeOUs section of an MSP's config.yaml (Fabric's format) into NodeOUs.
// Certificate paths in it are relative to the MSP folder and pin the certifying CA.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { fingerprintOf, parseCertificateBundle } from "./certificate.js";
import { IdentityError, MspLoadError } from "./errors.js";
import type { NodeOUs, NodeRole } from "./msp-trust.js";

const ROLE_KEYS: ReadonlyArray<[NodeRole, string]> = [
  ["client", "ClientOUIdentifier"],
  ["peer", "PeerOUIdentifier"],
  ["admin", "AdminOUIdentifier"],
  ["orderer", "OrdererOUIdentifier"],
];

const OU_FIELD: Record<NodeRole, "clientOU" | "peerOU" | "adminOU" | "ordererOU"> = {
  client: "clientOU",
  peer: "peerOU",
  admin: "adminOU",
  orderer: "ordererOU",
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses config.yaml text; returns undefined when it has no NodeOUs section. */
export async function parseNodeOUsConfig(
  mspDir: string,
  configPath: string,
  text: string,
): Promise<NodeOUs | undefined> {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new MspLoadError(configPath, `not valid YAML (${(err as Error).message})`, { cause: err });
  }
  if (doc === null || doc === undefined) return undefined;
  if (!isRecord(doc)) throw new MspLoadError(configPath, "expected a YAML mapping at the top level");
  const section = doc.NodeOUs;
  if (section === undefined || section === null) return undefined;
  if (!isRecord(section)) throw new MspLoadError(configPath, "NodeOUs must be a mapping");
  if (section.Enable !== undefined && typeof section.Enable !== "boolean") {
    throw new MspLoadError(configPath, "NodeOUs.Enable must be true or false");
  }
  const nodeOUs: NodeOUs = { enabled: section.Enable === true };
  const certifiers: Partial<Record<NodeRole, string>> = {};
  for (const [role, key] of ROLE_KEYS) {
    const entry = section[key];
    if (entry === undefined || entry === null) continue;
    if (!isRecord(entry)) throw new MspLoadError(configPath, `NodeOUs.${key} must be a mapping`);
    const ou = entry.OrganizationalUnitIdentifier;
    if (typeof ou !== "string" || ou === "") {
      throw new MspLoadError(
        configPath,
        `NodeOUs.${key}.OrganizationalUnitIdentifier must be a non-empty string`,
      );
    }
    nodeOUs[OU_FIELD[role]] = ou;
    const certPath = entry.Certificate;
    if (certPath === undefined || certPath === null || certPath === "") continue;
    if (typeof certPath !== "string")
      throw new MspLoadError(configPath, `NodeOUs.${key}.Certificate must be a path`);
    certifiers[role] = await certifierFingerprint(join(mspDir, certPath), configPath, key);
  }
  if (Object.keys(certifiers).length > 0) nodeOUs.certifiers = certifiers;
  if (nodeOUs.enabled && !nodeOUs.clientOU && !nodeOUs.peerOU && !nodeOUs.adminOU && !nodeOUs.ordererOU) {
    throw new MspLoadError(configPath, "NodeOUs.Enable is true but no role OU identifier is configured");
  }
  return nodeOUs;
}

async function certifierFingerprint(path: string, configPath: string, key: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new MspLoadError(path, `certificate named by NodeOUs.${key} in ${configPath} cannot be read`, {
      cause: err,
    });
  }
  try {
    const first = parseCertificateBundle(text)[0];
    if (!first) throw new IdentityError("malformed", "no certificate");
    return fingerprintOf(first);
  } catch (err) {
    throw new MspLoadError(path, `certificate named by NodeOUs.${key} is not a PEM certificate`, {
      cause: err,
    });
  }
}
