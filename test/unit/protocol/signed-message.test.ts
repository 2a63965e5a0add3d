import { generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../../src/protocol/errors.js";
import { toBigInt } from "../../../src/protocol/long.js";
import {
  aliveMessage,
  compareTime,
  emptyMessage,
  kindOf,
  MESSAGE_KINDS,
  membershipRequest,
  randomNonce,
} from "../../../src/protocol/messages.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  internalEndpointOf,
  openEnvelope,
  signMessage,
  unsignedMessage,
  verifyMessage,
  withInternalEndpoint,
  withoutSecret,
} from "../../../src/protocol/signed-message.js";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const signer = (data: Uint8Array) => sign("sha256", data, privateKey);
const verifier = (data: Uint8Array, sig: Uint8Array) => verify("sha256", data, publicKey, sig);

const alive = () =>
  aliveMessage({ endpoint: "a:1", pkiId: Uint8Array.of(1), time: { incNum: 2n ** 63n + 5n, seqNum: 1n } });

describe("signed messages", () => {
  it("round-trips every membership kind through envelope bytes", () => {
    const signed = signMessage(alive(), signer);
    const request = unsignedMessage(membershipRequest(signed.envelope, 2n ** 64n - 1n));
    const back = openEnvelope(decodeEnvelope(encodeEnvelope(request.envelope), 1 << 20));
    expect(kindOf(back.message)).toBe("mem_req");
    expect(toBigInt(back.message.nonce)).toBe(2n ** 64n - 1n);
    const inner = openEnvelope(back.message.memReq?.selfInformation ?? {});
    expect(toBigInt(inner.message.aliveMsg?.timestamp?.incNum)).toBe(2n ** 63n + 5n);
    expect(verifyMessage(inner, verifier)).toBe(true);
  });

  it("signs exactly the payload bytes, so any change breaks verification", () => {
    const signed = signMessage(emptyMessage(), signer);
    expect(verifyMessage(signed, verifier)).toBe(true);
    const tampered = Uint8Array.from(signed.envelope.payload ?? []);
    tampered[0] = (tampered[0] ?? 0) ^ 0x80;
    expect(verifyMessage({ ...signed, envelope: { ...signed.envelope, payload: tampered } }, verifier)).toBe(
      false,
    );
  });

  it("treats an unsigned envelope as unverified", () => {
    expect(verifyMessage(unsignedMessage(emptyMessage()), verifier)).toBe(false);
  });

  it("carries the internal endpoint in a signed secret envelope, and can strip it", () => {
    const signed = withInternalEndpoint(signMessage(alive(), signer), "10.0.0.1:7051", signer);
    const secret = signed.envelope.secretEnvelope;
    expect(secret?.payload && secret.signature && verifier(secret.payload, secret.signature)).toBe(true);
    expect(internalEndpointOf(signed.envelope)).toBe("10.0.0.1:7051");
    expect(internalEndpointOf(withoutSecret(signed).envelope)).toBeUndefined();
  });

  it("refuses bytes over the size limit and bytes that are not an envelope", () => {
    expect(() => decodeEnvelope(new Uint8Array(11), 10)).toThrow(ProtocolError);
    expect(() => decodeEnvelope(Uint8Array.of(0xff, 0xff, 0xff), 100)).toThrow(/not an Envelope/);
    expect(() => openEnvelope({ payload: Uint8Array.of(0x0a, 0xff) })).toThrow(ProtocolError);
  });

  it("orders peer times by inc_num, then seq_num", () => {
    expect(compareTime({ incNum: 1n, seqNum: 9n }, { incNum: 2n, seqNum: 0n })).toBeLessThan(0);
    expect(compareTime({ incNum: 2n, seqNum: 1n }, { incNum: 2n, seqNum: 0n })).toBeGreaterThan(0);
    expect(compareTime({ incNum: 2n, seqNum: 1n }, { incNum: 2n, seqNum: 1n })).toBe(0);
  });

  it("draws distinct 64-bit nonces", () => {
    const nonces = new Set(Array.from({ length: 1000 }, randomNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(n < 2n ** 64n).toBe(true);
  });

  it("names every kind it classifies", () => {
    expect(MESSAGE_KINDS).toContain(kindOf(signMessage(alive(), signer).message));
  });
});
