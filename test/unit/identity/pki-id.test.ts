import { createHash } from "node:crypto";
import { msp as fabricMsp } from "@hyperledger/fabric-protos";
import { describe, expect, it } from "vitest";
import {
  assertPkiIdMatches,
  decodeSerializedIdentity,
  IdentityError,
  MAX_MSPID_LENGTH,
  MAX_SERIALIZED_IDENTITY_BYTES,
  pkiIdHex,
  pkiIdOf,
  serializeIdentity,
} from "../../../src/identity/index.js";

// A fixed peer certificate (issued once by the dev CA, OU=peer, CN=peer0.org1.example.com).
const FIXED_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIICPDCCAeKgAwIBAgIRAPm8+YeGQUSgALj4WNAqmL4wCgYIKoZIzj0EAwIwczEL
MAkGA1UEBhMCVVMxEzARBgNVBAgTCkNhbGlmb3JuaWExFjAUBgNVBAcTDVNhbiBG
cmFuY2lzY28xGTAXBgNVBAoTEG9yZzEuZXhhbXBsZS5jb20xHDAaBgNVBAMTE2Nh
Lm9yZzEuZXhhbXBsZS5jb20wHhcNMjQwMTAxMDAwMDAwWhcNMzQwMTAxMDAwMDAw
WjBqMQswCQYDVQQGEwJVUzETMBEGA1UECBMKQ2FsaWZvcm5pYTEWMBQGA1UEBxMN
U2FuIEZyYW5jaXNjbzENMAsGA1UECxMEcGVlcjEfMB0GA1UEAxMWcGVlcjAub3Jn
MS5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLLlJdrBhgcb
z47QEwgcwSLCZb5cIkSwKVWpT5W7P1/5PJDHVRhlN1xBqgCBAnhK2FlLd2o9bSeE
xho2acIqJF6jYDBeMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMB8GA1Ud
IwQYMBaAFJJWDFDo7TK8Wl9KEVi2Z+ZN6ORbMB0GA1UdDgQWBBSPkJ3kfv3J8u0d
VKOdezo/f8G6iTAKBggqhkjOPQQDAgNIADBFAiEAvGDtspPSjRcqO2qnu4PFAzHe
xWtaWpJ6saR+ac68JoICIF9ve92qwkaS5pgMYpbkAJfj3R9lQLZ3aETH2mzPb1oF
-----END CERTIFICATE-----
`;
const FIXED_PKI_ID_HEX = "e29eb068cb65c089938fa8e413482803fa4675fb7aa5913f44ada883aa0b4d93";

describe("PKI-ID", () => {
  it("is SHA-256 over the MSP ID bytes followed by the PEM bytes (fixed vector)", () => {
    const serialized = serializeIdentity("Org1MSP", FIXED_CERT_PEM);
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.from("Org1MSP"), Buffer.from(FIXED_CERT_PEM)]))
      .digest();
    const pkiId = pkiIdOf(serialized);
    expect(Buffer.from(pkiId).equals(expected)).toBe(true);
    expect(pkiIdHex(pkiId)).toBe(FIXED_PKI_ID_HEX);
  });

  it("changes when the MSP ID changes", () => {
    const a = pkiIdHex(pkiIdOf(serializeIdentity("Org1MSP", FIXED_CERT_PEM)));
    const b = pkiIdHex(pkiIdOf(serializeIdentity("Org2MSP", FIXED_CERT_PEM)));
    expect(a).not.toBe(b);
  });

  it("serializes to bytes Fabric's own msp.SerializedIdentity decodes, with id_bytes verbatim", () => {
    const serialized = serializeIdentity("Org1MSP", FIXED_CERT_PEM);
    const decoded = fabricMsp.SerializedIdentity.deserializeBinary(serialized);
    expect(decoded.getMspid()).toBe("Org1MSP");
    expect(Buffer.from(decoded.getIdBytes_asU8()).toString("utf8")).toBe(FIXED_CERT_PEM);
  });

  it("accepts the PEM as bytes and as a string identically", () => {
    const fromString = serializeIdentity("Org1MSP", FIXED_CERT_PEM);
    const fromBytes = serializeIdentity("Org1MSP", new TextEncoder().encode(FIXED_CERT_PEM));
    expect(Buffer.from(fromBytes).equals(Buffer.from(fromString))).toBe(true);
  });

  it("throws IdentityError(malformed) for bytes that are not a SerializedIdentity", () => {
    const err = catchError(() => pkiIdOf(new Uint8Array([0xff, 0xff, 0xff])));
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as IdentityError).reason).toBe("malformed");
  });

  it("refuses an oversized serialized identity before decoding it (malformed)", () => {
    const big = serializeIdentity("Org1MSP", "A".repeat(MAX_SERIALIZED_IDENTITY_BYTES));
    expect((catchError(() => pkiIdOf(big)) as IdentityError).reason).toBe("malformed");
    // Not even protobuf: bytes past the bound are refused whatever they hold.
    const junk = new Uint8Array(MAX_SERIALIZED_IDENTITY_BYTES + 1).fill(0xff);
    expect((catchError(() => decodeSerializedIdentity(junk)) as IdentityError).reason).toBe("malformed");
  });

  it("refuses an MSP ID longer than the bound, and accepts one at it", () => {
    const atBound = "M".repeat(MAX_MSPID_LENGTH);
    expect(decodeSerializedIdentity(serializeIdentity(atBound, FIXED_CERT_PEM)).mspId).toBe(atBound);
    const err = catchError(() => pkiIdOf(serializeIdentity(`${atBound}M`, FIXED_CERT_PEM)));
    expect((err as IdentityError).reason).toBe("malformed");
    expect((err as IdentityError).message).not.toContain(atBound);
  });

  it("quotes at most 32 bytes of an oversized claimed PKI-ID", () => {
    const serialized = serializeIdentity("Org1MSP", FIXED_CERT_PEM);
    const err = catchError(() => assertPkiIdMatches(new Uint8Array(10_000).fill(0xab), serialized));
    expect((err as IdentityError).reason).toBe("pki_id_mismatch");
    expect((err as IdentityError).message.length).toBeLessThan(200);
  });

  it("renders as lower-case hex", () => {
    expect(pkiIdHex(new Uint8Array([0, 0xab, 0x10]))).toBe("00ab10");
  });

  it("assertPkiIdMatches rejects a claimed PKI-ID that is not the identity's", () => {
    const serialized = serializeIdentity("Org1MSP", FIXED_CERT_PEM);
    expect(() => assertPkiIdMatches(pkiIdOf(serialized), serialized)).not.toThrow();
    const err = catchError(() => assertPkiIdMatches(new Uint8Array(32), serialized));
    expect((err as IdentityError).reason).toBe("pki_id_mismatch");
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}
