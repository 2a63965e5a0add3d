// PKI-IDs: the gossip layer's name for a peer, SHA-256(mspid || id_bytes) over a
// serialized msp.SerializedIdentity. Also builds those serialized identities.
import { createHash } from "node:crypto";
import { msp } from "../protocol/generated/wire.js";
import { IdentityError } from "./errors.js";

/** The two fields of a decoded msp.SerializedIdentity. */
export interface DecodedIdentity {
  readonly mspId: string;
  readonly idBytes: Uint8Array;
}

/** Decodes msp.SerializedIdentity; IdentityError("malformed") when it does not decode or lacks an MSP ID. */
export function decodeSerializedIdentity(serialized: Uint8Array): DecodedIdentity {
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
      `claimed PKI-ID ${pkiIdHex(claimed)} is not the identity's PKI-ID ${pkiIdHex(actual)}`,
    );
  }
}
