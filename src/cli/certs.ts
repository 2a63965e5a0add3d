// `fabric-gossip-node certs`: development crypto material in Fabric's MSP
// layout (a CA, a TLS CA and N peers), for trying the node out.
import { join, resolve } from "node:path";
import { generateDevMaterial } from "../identity/dev-ca.js";
import { UsageError } from "./errors.js";

export interface CertsFlags {
  out?: string;
  org?: string;
  mspid?: string;
  peers?: string;
  /** Extra TLS subject alternative names, comma-separated (e.g. the DNS names peers dial). */
  hosts?: string;
}

/** Writes the material; the summary goes to `print`, the private-key warning to stderr. */
export async function runCerts(flags: CertsFlags, print: (line: string) => void): Promise<void> {
  if (!flags.out) throw new UsageError("certs: --out DIR is required");
  const peers = Number(flags.peers ?? "1");
  if (!Number.isInteger(peers) || peers < 1 || peers > 1000) {
    throw new UsageError(`certs: --peers expects a whole number from 1 to 1000, got "${flags.peers}"`);
  }
  const org = flags.org ?? "org1.example.com";
  const mspId = flags.mspid ?? "Org1MSP";
  const hosts = (flags.hosts ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  const material = await generateDevMaterial({ outDir: resolve(flags.out), org, mspId, peers, hosts });
  const out = resolve(flags.out);
  process.stderr.write(
    `warning: private keys (mode 0600) were written to ${join(out, "ca", "priv_sk")}, ${join(out, "tlsca", "priv_sk")} and each peer's msp/keystore/ and tls/server.key under ${join(out, "peers")}: keep them out of version control\n`,
  );
  print(
    `wrote a CA, a TLS CA and ${peers} peer identities for ${mspId} (${org}) under ${resolve(flags.out)}`,
  );
  print(`org MSP (give it to other orgs' FGN_TRUSTED_MSPS): ${material.orgMspDir}`);
  for (const peer of material.peers) print(`  ${peer.name}: msp ${peer.mspDir}, tls ${peer.tlsDir}`);
}
