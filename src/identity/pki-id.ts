// PKI-IDs: the gossip layer's name for a peer, SHA-256(mspid || id_bytes) over a
// serialized msp.SerializedIdentity. Also builds those serialized identities.
import { createHash } from "node:crypto";
import { msp } from "../protocol/generated/wire.js";
import { excerpt, IdentityError } from "./errors.js";

/**
 * Largest msp.SerializedIdentity accepted. Fabric certificates are about 1 KB; anything
 * bigger than this is refused before it is decoded or its PEM is scanned.
 */
export const MAX_SERIALIZED_IDENTITY_BYTES = 64 * 1024;
/** Longest MSP ID accepted, in UTF-8 bytes; Fabric MSP IDs are short names. */
export const MAX_MSPID_LENGTH = 256;

/** The two fields of a decoded msp.SerializedIdentity. */
export interface DecodedIdentity {
  readonly mspId: string;
  readonly idBytes: Uint8Array;
}

/** Throws IdentityError("malformed") when `serialized` is too large to be an identity; costs nothing. */
export function assertIdentitySize(serialized: Uint8Array): void {
  if (serialized.length > MAX_SERIALIZED_IDENTITY_BYTES) {
    throw new IdentityError(
      "malformed",
      `serialized identity is ${serialized.length} bytes, more than ${MAX_SERIALIZED_IDENTITY_BYTES}`,
    );
  }
}

/**
 * Decodes msp.SerializedIdentity; IdentityError("malformed") when it is too large, does not
 * decode, lacks an MSP ID or certificate bytes, or its MSP ID is too long.
 */
export function decodeSerializedIdentity(serialized: Uint8Array): DecodedIdentity {
  assertIdentitySize(serialized);
  let decoded: msp.SerializedIdentity;
  try {
    decoded = msp.SerializedIdentity.decode(serialized);
  } catch (err) {
    throw new IdentityError("malformed", "serialized identity does not decode", { cause: err });
  }
  const mspId = decoded.mspid ?? "";
  const idBytes = decoded.idBytes ?? new Uint8Array(0);
  if (mspId === "" || idBytes.length === 0) {
    throw new IdentityError("malformed", "serialized identity lacks an MSP ID or certificate bytes");
  }
  if (Buffer.byteLength(mspId, "utf8") > MAX_MSPID_LENGTH) {
    throw new IdentityError("malformed", `MSP ID ${excerpt(mspId)} is longer than ${MAX_MSPID_LENGTH} bytes`);
  }
  return { mspId, idBytes };
}

/** PKI-ID of decoded identity fields. */
export function pkiIdFromParts(mspId: string, idBytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(mspId, "utf8").update(idBytes).digest());
}

/** PKI-ID of a serialized identity, computed the way Fabric's gossip does. */
export function pkiIdOf(serializedIdentity: Uint8Array): Uint8Array {
  const { mspId, idBytes } = decodeSerializedIdentity(serializedIdentity);
  return pkiIdFromParts(mspId, idBytes);
}

/** Lower-case hex, the form used in logs, metrics and the admin API. */
export function pkiIdHex(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString("hex");
}

/** Builds msp.SerializedIdentity bytes; id_bytes are the PEM bytes exactly as given. */
export function serializeIdentity(mspId: string, certPem: string | Uint8Array): Uint8Array {
  const idBytes = typeof certPem === "string" ? Buffer.from(certPem, "utf8") : certPem;
  return msp.SerializedIdentity.encode({ mspid: mspId, idBytes }).finish();
}

/** Throws IdentityError("pki_id_mismatch") unless `claimed` is the PKI-ID of `serializedIdentity`. */
export function assertPkiIdMatches(claimed: Uint8Array, serializedIdentity: Uint8Array): void {
  const actual = pkiIdOf(serializedIdentity);
  if (!Buffer.from(actual).equals(Buffer.from(claimed))) {
    throw new IdentityError(
      "pki_id_mismatch",
      `claimed PKI-ID ${shortHex(claimed)} is not the identity's PKI-ID ${pkiIdHex(actual)}`,
    );
  }
}

/** Hex of at most the first 32 bytes: `claimed` comes off the wire and may be any length. */
function shortHex(id: Uint8Array): string {
  return id.length > 32 ? `${pkiIdHex(id.subarray(0, 32))}...` : pkiIdHex(id);
}
