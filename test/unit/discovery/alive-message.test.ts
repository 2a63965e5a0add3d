// Reading an alive message once: the SecretEnvelope's internal endpoint is decoded
// only when asked for, and only once.
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AliveRecord, parseAlive } from "../../../src/discovery/alive-message.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { aliveMessage } from "../../../src/protocol/messages.js";
import { signMessage, withInternalEndpoint } from "../../../src/protocol/signed-message.js";

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
