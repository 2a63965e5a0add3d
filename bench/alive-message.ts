// What one alive message costs on the wire path: building and signing it, decoding
// it from bytes, and checking its ECDSA P-256 low-S signature. The last bounds how
// many alive messages per second a node can authenticate.
import { verify } from "node:crypto";
import { FABRIC_DEFAULTS } from "../src/config/gossip-config.js";
import type { SigningIdentity } from "../src/identity/index.js";
import { aliveMessage } from "../src/protocol/messages.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  openEnvelope,
  signMessage,
  withInternalEndpoint,
} from "../src/protocol/signed-message.js";
import { validatorFor } from "../test/support/identities.js";
import type { Benchmark, Result } from "./harness.js";
import { measure } from "./harness.js";
import { benchOrg, oneSigner } from "./identities.js";

const INC_NUM = 1_700_000_000_000_000_000n;
/** Distinct signed payloads cycled through by the verify cases. */
const VERIFY_INPUTS = 256;

/** Our alive message as a node sends it after the publish-cert period: no certificate attached. */
function signedAlive(signer: SigningIdentity, seqNum: bigint, secret: boolean) {
  const sign = (data: Uint8Array) => signer.sign(data);
  const signed = signMessage(
    aliveMessage({
      endpoint: "peer0.org1.example.com:7051",
      pkiId: signer.pkiId,
      time: { incNum: INC_NUM, seqNum },
    }),
    sign,
  );
  return secret ? withInternalEndpoint(signed, "10.0.0.1:7051", sign) : signed;
}

export const aliveMessageBenchmark: Benchmark = {
  name: "protocol",
  cases: [
    {
      name: "encode+sign alive (1 signature)",
      async run(): Promise<Result[]> {
        const s = await oneSigner();
        return [
          await measure("encode+sign alive (1 signature)", (i) =>
            encodeEnvelope(signedAlive(s, BigInt(i + 1), false).envelope),
          ),
        ];
      },
    },
    {
      name: "encode+sign alive + secret envelope (2 signatures)",
      async run(): Promise<Result[]> {
        const s = await oneSigner();
        return [
          await measure(
            "encode+sign alive + secret envelope (2 signatures)",
            (i) => encodeEnvelope(signedAlive(s, BigInt(i + 1), true).envelope),
            {},
            "what a node sends to its own org",
          ),
        ];
      },
    },
    {
      name: "decode+open envelope",
      async run(): Promise<Result[]> {
        const bytes = encodeEnvelope(signedAlive(await oneSigner(), 1n, true).envelope);
        return [
          await measure(
            "decode+open envelope",
            () => openEnvelope(decodeEnvelope(bytes, FABRIC_DEFAULTS.maxMessageSize)),
            { iterations: 200_000 },
            `${bytes.length}-byte alive envelope with secret`,
          ),
        ];
      },
    },
    {
      name: "verify alive signature (low-S)",
      async run(): Promise<Result[]> {
        const s = await oneSigner();
        const identity = validatorFor(await benchOrg()).validate(s.serialized);
        const inputs = Array.from({ length: VERIFY_INPUTS }, (_, i) => signedAlive(s, BigInt(i + 1), false));
        const ok = inputs.every(({ envelope }) =>
          identity.verify(envelope.payload as Uint8Array, envelope.signature as Uint8Array),
        );
        if (!ok) throw new Error("a signature did not verify");
        return [
          await measure("verify alive signature (low-S)", (i) => {
            const { envelope } = inputs[i % VERIFY_INPUTS] as (typeof inputs)[number];
            return identity.verify(envelope.payload as Uint8Array, envelope.signature as Uint8Array);
          }),
        ];
      },
    },
    {
      name: "verify baseline: crypto.verify without low-S check",
      async run(): Promise<Result[]> {
        const s = await oneSigner();
        const key = validatorFor(await benchOrg()).validate(s.serialized).publicKey;
        const inputs = Array.from({ length: VERIFY_INPUTS }, (_, i) => signedAlive(s, BigInt(i + 1), false));
        return [
          await measure(
            "verify baseline: crypto.verify without low-S check",
            (i) => {
              const { envelope } = inputs[i % VERIFY_INPUTS] as (typeof inputs)[number];
              return verify(
                "sha256",
                envelope.payload as Uint8Array,
                { key, dsaEncoding: "der" },
                envelope.signature as Uint8Array,
              );
            },
            {},
            "OpenSSL alone: the share of verifyLowS spent on DER/low-S parsing",
          ),
        ];
      },
    },
  ],
};
