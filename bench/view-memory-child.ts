// The process measured by view-memory.ts: one never-started Discovery that learns
// a view of N members from membership responses (certificates attached, as inside
// publishCertPeriod), read from the files view-memory.ts wrote. Nothing else lives in
// this process, so its RSS is what a node holding that view needs. view-memory.ts
// bundles this file with esbuild and runs it on plain node, as a `start` process runs.
// Prints one JSON line: the members learned and process.memoryUsage() before and after.
import { readFile } from "node:fs/promises";
import { IdentityStore } from "../src/certstore/identity-store.js";
import { ManualClock } from "../src/clock/manual-clock.js";
import {
  createSigningIdentity,
  IdentityValidator,
  mspTrustFromPem,
  type NodeOUs,
} from "../src/identity/index.js";
import { gossip } from "../src/protocol/generated/wire.js";
import { membershipResponse } from "../src/protocol/messages.js";
import { unsignedMessage } from "../src/protocol/signed-message.js";
import { InMemoryNetwork } from "../test/support/in-memory-comm.js";
import { benchDiscovery } from "./discovery-hot-path.js";

/**
 * What view-memory.ts writes: this JSON, and a second file with the members' encoded alive
 * envelopes (certificates attached), each preceded by its length (uint32, big-endian). Binary,
 * so that the child's heap never holds the view as text: 10,000 base64 strings and the JSON
 * they came in were ~30 MB of old space that no node carries.
 */
export interface ViewFile {
  readonly mspId: string;
  readonly caPem: string;
  readonly nodeOUs?: NodeOUs;
  readonly self: { readonly certPem: string; readonly keyPem: string };
}

/** The encoded envelopes of an envelopes file, as views into its bytes. */
function* lengthPrefixed(bytes: Buffer): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    yield bytes.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
  }
}

/** process.memoryUsage() in MB after two forced GCs (the second frees what the first only finalized, e.g. the file's external string). */
export interface MemoryFigures {
  readonly rssMB: number;
  readonly heapTotalMB: number;
  readonly heapMB: number;
  readonly externalMB: number;
  readonly arrayBuffersMB: number;
}

const RESPONSE_SIZE = 500;

const memory = (): MemoryFigures => {
  const { gc } = globalThis as { gc?: () => void };
  gc?.();
  gc?.();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const mb = (n: number) => n / 2 ** 20;
  return {
    rssMB: mb(rss),
    heapTotalMB: mb(heapTotal),
    heapMB: mb(heapUsed),
    externalMB: mb(external),
    arrayBuffersMB: mb(arrayBuffers),
  };
};

async function learnView(path: string, envelopesPath: string): Promise<{ members: number; learned: number }> {
  const file = JSON.parse(await readFile(path, "utf8")) as ViewFile;
  const envelopes = [...lengthPrefixed(await readFile(envelopesPath))];
  const self = createSigningIdentity(file.mspId, file.self.certPem, file.self.keyPem);
  const clock = new ManualClock(Date.now());
  const trust = mspTrustFromPem(file.mspId, [file.caPem], [], file.nodeOUs);
  const validator = new IdentityValidator([trust], () => clock.now());
  const identities = new IdentityStore({ clock, capacity: envelopes.length + 1 });
  const { discovery, comm } = benchDiscovery(self, validator, new InMemoryNetwork(), clock, identities);
  const sender = validator.validate(self.serialized);
  for (let start = 0; start < envelopes.length; start += RESPONSE_SIZE) {
    const alive = envelopes.slice(start, start + RESPONSE_SIZE).map((bytes) => gossip.Envelope.decode(bytes));
    discovery.handleMsgFromComm({
      signed: unsignedMessage(membershipResponse(alive, [], BigInt(start + 1))),
      sender: { pkiId: sender.pkiId, endpoint: "sender:7051", identity: sender },
      respond: () => {},
    });
  }
  const learned = discovery.members().filter((m) => m.state === "alive").length;
  // Kept until the figures are taken, then stopped.
  process.once("beforeExit", () => void Promise.all([discovery.stop(), comm.stop()]));
  return { members: envelopes.length, learned };
}

const before = memory();
const { members, learned } = await learnView(process.argv[2] ?? "", process.argv[3] ?? "");
const after = memory();
process.stdout.write(`${JSON.stringify({ members, learned, before, after })}\n`);
