// The gossip handshake: each side sends a signed ConnEstablish as the first
// message of a stream and checks the other's, as Fabric's
// authenticateRemotePeer does. Nothing else on a stream is trusted before it.

import { pkiIdOf } from "../identity/pki-id.js";
import type { SigningIdentity } from "../identity/signing-identity.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { ProtocolError } from "../protocol/errors.js";
import { connEstablish } from "../protocol/messages.js";
import { decodeEnvelope, encodeEnvelope, openEnvelope, signMessage } from "../protocol/signed-message.js";
import { sameBytes } from "../util/bytes.js";
import { CommError, excerpt } from "./errors.js";

/**
 * A ConnEstablish carries one certificate (about 1 KiB); anything near this
 * bound is hostile and is refused before any parsing.
 */
export const MAX_HANDSHAKE_BYTES = 64 * 1024;

export function encodeConnEstablish(
  signer: SigningIdentity,
  tlsCertHash: Uint8Array | undefined,
  probe: boolean,
): Buffer {
  const signed = signMessage(
    connEstablish({ pkiId: signer.pkiId, identity: signer.serialized, tlsCertHash, probe }),
    (data) => signer.sign(data),
  );
  return Buffer.from(encodeEnvelope(signed.envelope));
}

export interface RemoteHandshake {
  identity: ValidatedIdentity;
  probe: boolean;
}

export interface VerifyHandshakeOptions {
  validator: IdentityValidator;
  maxMessageSize: number;
  /** True when the stream runs over TLS: the remote's tls_cert_hash must match what it presented. */
  tlsEnabled: boolean;
  /** SHA-256 of the certificate the remote presented at the TLS layer. */
  presentedCertHash: Uint8Array | undefined;
}

/** Checks the remote's first message; throws a CommError whose message says why, in Fabric's words. */
export function verifyConnEstablish(bytes: Buffer, options: VerifyHandshakeOptions): RemoteHandshake {
  let conn: ReturnType<typeof openEnvelope>;
  try {
    conn = openEnvelope(decodeEnvelope(bytes, Math.min(options.maxMessageSize, MAX_HANDSHAKE_BYTES)));
  } catch (err) {
    throw new CommError(
      "malformed",
      `malformed handshake message: ${excerpt((err as ProtocolError).message)}`,
    );
  }
  const msg = conn.message.conn;
  if (!msg) throw new CommError("malformed", "wrong type: expected a ConnEstablish message");
  if (!msg.pkiId || msg.pkiId.length === 0) throw new CommError("malformed", "no PKI-ID in ConnEstablish");
  if (!msg.identity || msg.identity.length === 0)
    throw new CommError("malformed", "no identity in ConnEstablish");

  let identity: ValidatedIdentity;
  try {
    identity = options.validator.validate(msg.identity);
  } catch (err) {
    throw new CommError("untrusted_identity", `identity is not valid: ${excerpt((err as Error).message)}`, {
      cause: err,
    });
  }
  if (!sameBytes(pkiIdOf(msg.identity), msg.pkiId)) {
    throw new CommError("pki_id_mismatch", "identity doesn't match the computed pkiID");
  }
  if (options.tlsEnabled) {
    if (!options.presentedCertHash) {
      throw new CommError("tls_hash_mismatch", "remote presented no TLS certificate");
    }
    if (!sameBytes(options.presentedCertHash, msg.tlsCertHash)) {
      throw new CommError(
        "tls_hash_mismatch",
        "tls_cert_hash doesn't match the certificate the remote presented",
      );
    }
  }
  const { payload, signature } = conn.envelope;
  if (!payload || !signature || !identity.verify(payload, signature)) {
    throw new CommError("bad_signature", "The signature is invalid");
  }
  return { identity, probe: msg.probe === true };
}
