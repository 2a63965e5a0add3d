// Reading an alive message once: the SecretEnvelope's internal endpoint is decoded
// only when asked for, and only once. Keeping it: the stored form serves the
// envelope as received, from bytes of its own.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type AliveRecord,
  parseAlive,
  StoredAlive,
  verifyAliveSignatures,
  verifyAliveSignaturesAsync,
} from "../../../src/discovery/alive-message.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { aliveMessage, membershipResponse } from "../../../src/protocol/messages.js";
import {
  encodeEnvelope,
  openEnvelope,
  signMessage,
  withInternalEndpoint,
} from "../../../src/protocol/signed-message.js";

const sign = () => new Uint8Array([1]);
const plain = signMessage(
  aliveMessage({ endpoint: "peer0:7051", pkiId: new Uint8Array([7, 7]), time: { incNum: 5n, seqNum: 9n } }),
  sign,
);

describe("parseAlive", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("reads the member's fields and the internal endpoint of its SecretEnvelope", () => {
    const record = parseAlive(withInternalEndpoint(plain, "peer0-internal:7051", sign)) as AliveRecord;
    expect(record.hex).toBe("0707");
    expect(record.endpoint).toBe("peer0:7051");
    expect(record.time).toEqual({ incNum: 5n, seqNum: 9n });
    expect(record.internalEndpoint).toBe("peer0-internal:7051");
    expect(record.internalEndpoint).toBe("peer0-internal:7051");
  });

  it("decodes the SecretEnvelope on the first read of the internal endpoint, and only then", () => {
    const decode = vi.spyOn(gossip.Secret, "decode");
    const record = parseAlive(withInternalEndpoint(plain, "peer0-internal:7051", sign)) as AliveRecord;
    expect(decode).not.toHaveBeenCalled();
    expect(record.internalEndpoint).toBe("peer0-internal:7051");
    expect(record.internalEndpoint).toBe("peer0-internal:7051");
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it("has no internal endpoint without a SecretEnvelope, or with one that does not decode", () => {
    expect(parseAlive(plain)?.internalEndpoint).toBeUndefined();
    const garbled = {
      ...plain,
      envelope: {
        ...plain.envelope,
        secretEnvelope: { payload: new Uint8Array([0xff, 0xff]), signature: sign() },
      },
    };
    expect(parseAlive(garbled)?.internalEndpoint).toBeUndefined();
  });
});

describe("StoredAlive", () => {
  const withMetadata = signMessage(
    aliveMessage({
      endpoint: "peer1.org1.example.com:7051",
      pkiId: new Uint8Array(32).fill(3),
      metadata: new Uint8Array([9, 8, 7]),
      time: { incNum: 1_700_000_000_000_000_000n, seqNum: 42n },
      identity: new Uint8Array(900).fill(0x41),
    }),
    () => new Uint8Array(70).fill(0x30),
  );
  const secret = withInternalEndpoint(
    withMetadata,
    "peer1-internal.org1.example.com:7051",
    () => new Uint8Array([5, 5]),
  );

  /** The message as a membership response entry: its envelope decoded out of the whole response. */
  function entryOfResponse(signed: typeof secret): { record: AliveRecord; response: Uint8Array } {
    const others = Array.from({ length: 20 }, () => secret.envelope);
    const payload = gossip.GossipMessage.encode(
      membershipResponse([...others, signed.envelope], [], 1n),
    ).finish();
    const response = encodeEnvelope({ payload });
    const outer = openEnvelope(gossip.Envelope.decode(response));
    const entry = outer.message.memRes?.alive?.at(-1) as gossip.IEnvelope;
    return { record: parseAlive(openEnvelope(entry)) as AliveRecord, response };
  }

  it("keeps the facts and serves the envelope as received: payload, signature and secret envelope", () => {
    const { record } = entryOfResponse(secret);
    const stored = StoredAlive.of(record);
    expect(stored.hex).toBe("03".repeat(32));
    expect(Buffer.from(stored.pkiId).equals(Buffer.alloc(32, 3))).toBe(true);
    expect([...stored.metadata]).toEqual([9, 8, 7]);
    expect(stored.endpoint).toBe("peer1.org1.example.com:7051");
    expect(stored.internalEndpoint).toBe("peer1-internal.org1.example.com:7051");
    expect(stored.time).toEqual({ incNum: 1_700_000_000_000_000_000n, seqNum: 42n });
    const served = stored.envelope();
    const original = secret.envelope;
    expect(Buffer.from(served.payload ?? []).equals(Buffer.from(original.payload ?? []))).toBe(true);
    expect(Buffer.from(served.signature ?? []).equals(Buffer.from(original.signature ?? []))).toBe(true);
    const [sp, op] = [served.secretEnvelope?.payload, original.secretEnvelope?.payload];
    expect(Buffer.from(sp ?? []).equals(Buffer.from(op ?? []))).toBe(true);
    expect([...(served.secretEnvelope?.signature ?? [])]).toEqual([5, 5]);
    // Served twice: the same bytes, each time a fresh decoding.
    expect(encodeEnvelope(stored.envelope())).toEqual(encodeEnvelope(served));
  });

  it("holds nothing of the buffer the message arrived in", () => {
    const { record, response } = entryOfResponse(secret);
    expect(record.pkiId.buffer).toBe(response.buffer);
    const stored = StoredAlive.of(record);
    const views = Object.values(stored).filter((v): v is Uint8Array => v instanceof Uint8Array);
    expect(views.length).toBe(2); // the PKI-ID and the metadata, copied
    for (const view of views) expect(view.buffer).not.toBe(response.buffer);
    // Wiping the receive buffer changes nothing the stored form holds or serves. (Identity of
    // ArrayBuffers would not do for what it serves: small Buffers share Node's 8 KB pool.)
    const served = encodeEnvelope(stored.envelope());
    response.fill(0);
    expect(encodeEnvelope(stored.envelope())).toEqual(served);
    expect(Buffer.from(stored.pkiId).equals(Buffer.alloc(32, 3))).toBe(true);
    expect([...stored.metadata]).toEqual([9, 8, 7]);
  });

  it("has no internal endpoint and empty metadata when the message carries none", () => {
    const stored = StoredAlive.of(parseAlive(plain) as AliveRecord);
    expect(stored.internalEndpoint).toBeUndefined();
    expect(stored.metadata.length).toBe(0);
    expect(stored.envelope().secretEnvelope).toBeFalsy();
    expect(stored.endpoint).toBe("peer0:7051");
  });
});

describe("verifyAliveSignatures with the member's previous message", () => {
  const secretOf = (signed: typeof plain) => signed.envelope.secretEnvelope as gossip.ISecretEnvelope;
  const at = (seqNum: bigint) =>
    signMessage(
      aliveMessage({ endpoint: "peer0:7051", pkiId: new Uint8Array([7, 7]), time: { incNum: 5n, seqNum } }),
      () => new Uint8Array([Number(seqNum)]),
    );
  const first = withInternalEndpoint(at(1n), "peer0-internal:7051", () => new Uint8Array([1, 1]));
  const previous = StoredAlive.of(parseAlive(first) as AliveRecord);
  /** The message at seq 2 carrying `secret`, as received. */
  const next = (secret: gossip.ISecretEnvelope) => {
    const signed = at(2n);
    return parseAlive({ ...signed, envelope: { ...signed.envelope, secretEnvelope: secret } }) as AliveRecord;
  };

  it("checks a SecretEnvelope identical to the previous message's once: only the message's signature", () => {
    const verify = vi.fn(() => true);
    expect(verifyAliveSignatures(next(secretOf(first)), { verify }, previous).ok).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("checks a SecretEnvelope that differs in its signature or its payload", () => {
    const { payload, signature } = secretOf(first) as { payload: Uint8Array; signature: Uint8Array };
    const otherPayload = gossip.Secret.encode({ internalEndpoint: "elsewhere:1" }).finish();
    for (const secret of [
      { payload, signature: new Uint8Array([1, 2]) },
      { payload: otherPayload, signature },
    ]) {
      const verify = vi.fn(() => false);
      verify.mockReturnValueOnce(true);
      const check = verifyAliveSignatures(next(secret), { verify }, previous);
      expect(check).toMatchObject({ ok: false, reason: "bad_signature" });
      expect(verify).toHaveBeenCalledTimes(2);
    }
  });

  it("checks every SecretEnvelope when there is no previous message", () => {
    const verify = vi.fn(() => true);
    expect(verifyAliveSignatures(next(secretOf(first)), { verify }).ok).toBe(true);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it("does the same on the threadpool path", async () => {
    const verifyAsync = vi.fn(async (_data: Uint8Array, _signature: Uint8Array) => true);
    expect((await verifyAliveSignaturesAsync(next(secretOf(first)), { verifyAsync }, previous)).ok).toBe(
      true,
    );
    expect(verifyAsync).toHaveBeenCalledTimes(1);
    const forged = { payload: secretOf(first).payload as Uint8Array, signature: new Uint8Array([9]) };
    verifyAsync.mockImplementation(
      async (_data: Uint8Array, signature: Uint8Array) => signature.length !== 1,
    );
    const check = await verifyAliveSignaturesAsync(next(forged), { verifyAsync }, previous);
    expect(check).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(verifyAsync).toHaveBeenCalledTimes(3);
  });
});
