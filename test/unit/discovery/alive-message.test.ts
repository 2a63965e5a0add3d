// Reading an alive message once: the SecretEnvelope's internal endpoint is decoded
// only when asked for, and reads the same however the record is copied.
import { describe, expect, it } from "vitest";
import { type AliveRecord, parseAlive } from "../../../src/discovery/alive-message.js";
import { aliveMessage } from "../../../src/protocol/messages.js";
import { signMessage, withInternalEndpoint } from "../../../src/protocol/signed-message.js";

const sign = () => new Uint8Array([1]);
const plain = signMessage(
  aliveMessage({ endpoint: "peer0:7051", pkiId: new Uint8Array([7, 7]), time: { incNum: 5n, seqNum: 9n } }),
  sign,
);

describe("parseAlive", () => {
  it("reads the member's fields and the internal endpoint of its SecretEnvelope", () => {
    const record = parseAlive(withInternalEndpoint(plain, "peer0-internal:7051", sign)) as AliveRecord;
    expect(record.hex).toBe("0707");
    expect(record.endpoint).toBe("peer0:7051");
    expect(record.time).toEqual({ incNum: 5n, seqNum: 9n });
    expect(record.internalEndpoint).toBe("peer0-internal:7051");
    // Read twice, and through a copy (as views and tests spread records).
    expect(record.internalEndpoint).toBe("peer0-internal:7051");
    expect({ ...record }.internalEndpoint).toBe("peer0-internal:7051");
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
