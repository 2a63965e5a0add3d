// The alive message the transport benchmarks send again and again: signed once,
// no certificate attached, as a member's heartbeats are after publishCertPeriod.
import type { SigningIdentity } from "../src/identity/index.js";
import { aliveMessage } from "../src/protocol/messages.js";
import { type SignedGossipMessage, signMessage } from "../src/protocol/signed-message.js";

export function steadyAlive(signer: SigningIdentity, endpoint: string): SignedGossipMessage {
  const alive = aliveMessage({
    endpoint,
    pkiId: signer.pkiId,
    time: { incNum: BigInt(Date.now()) * 1_000_000n, seqNum: 1n },
  });
  return signMessage(alive, (data) => signer.sign(data));
}
