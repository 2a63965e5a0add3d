// The unit the gossip layers exchange: an Envelope together with the
// GossipMessage decoded from its payload. The original payload bytes are kept
// and never re-encoded, so signatures stay valid and fields this node does not
// know survive forwarding.
import { ProtocolError } from "./errors.js";
import { gossip } from "./generated/wire.js";

export type Sign = (data: Uint8Array) => Uint8Array;
export type Verify = (data: Uint8Array, signature: Uint8Array) => boolean;

export interface SignedGossipMessage {
  readonly envelope: gossip.IEnvelope;
  readonly message: gossip.GossipMessage;
}

const EMPTY = new Uint8Array(0);

/** Marshals the message and signs exactly those bytes. */
export function signMessage(message: gossip.IGossipMessage, sign: Sign): SignedGossipMessage {
  const payload = gossip.GossipMessage.encode(message).finish();
  return { envelope: { payload, signature: sign(payload) }, message: gossip.GossipMessage.decode(payload) };
}

/** An envelope without a signature, as Fabric's NoopSign: for MembershipRequest/Response outer envelopes. */
export function unsignedMessage(message: gossip.IGossipMessage): SignedGossipMessage {
  const payload = gossip.GossipMessage.encode(message).finish();
  return { envelope: { payload, signature: EMPTY }, message: gossip.GossipMessage.decode(payload) };
}

/** Decodes an envelope's payload; a payload that is not a GossipMessage is a ProtocolError. */
export function openEnvelope(envelope: gossip.IEnvelope): SignedGossipMessage {
  const payload = envelope.payload ?? EMPTY;
  try {
    return { envelope, message: gossip.GossipMessage.decode(payload) };
  } catch (err) {
    throw new ProtocolError(
      "malformed",
      `envelope payload is not a GossipMessage: ${(err as Error).message}`,
    );
  }
}

/** Decodes an Envelope from raw bytes, bounded by maxBytes. */
export function decodeEnvelope(bytes: Uint8Array, maxBytes: number): gossip.Envelope {
  if (bytes.length > maxBytes) {
    throw new ProtocolError("too_large", `message of ${bytes.length} bytes exceeds the limit of ${maxBytes}`);
  }
  try {
    return gossip.Envelope.decode(bytes);
  } catch (err) {
    throw new ProtocolError("malformed", `not an Envelope: ${(err as Error).message}`);
  }
}

export function encodeEnvelope(envelope: gossip.IEnvelope): Uint8Array {
  return gossip.Envelope.encode(envelope).finish();
}

/** True when the envelope carries a signature that verifies over its payload. */
export function verifyMessage(signed: SignedGossipMessage, verify: Verify): boolean {
  const { payload, signature } = signed.envelope;
  if (!payload || !signature || signature.length === 0) return false;
  return verify(payload, signature);
}

/** Adds a signed SecretEnvelope carrying the internal endpoint (shown only to peers of our org). */
export function withInternalEndpoint(
  signed: SignedGossipMessage,
  internalEndpoint: string,
  sign: Sign,
): SignedGossipMessage {
  return withSecretEnvelope(signed, signedSecret(internalEndpoint, sign));
}

/** A SecretEnvelope carrying the internal endpoint, signed. */
export function signedSecret(internalEndpoint: string, sign: Sign): gossip.ISecretEnvelope {
  const payload = gossip.Secret.encode({ internalEndpoint }).finish();
  return { payload, signature: sign(payload) };
}

/** The message with this SecretEnvelope attached (its bytes shared, not copied). */
export function withSecretEnvelope(
  signed: SignedGossipMessage,
  secret: gossip.ISecretEnvelope,
): SignedGossipMessage {
  const { payload, signature } = secret;
  return {
    envelope: { ...signed.envelope, secretEnvelope: { payload, signature } },
    message: signed.message,
  };
}

/** The same message without its SecretEnvelope, for peers of other orgs. */
export function withoutSecret(signed: SignedGossipMessage): SignedGossipMessage {
  return { envelope: envelopeWithoutSecret(signed.envelope), message: signed.message };
}

/** The envelope without its SecretEnvelope: payload and signature only. */
export function envelopeWithoutSecret(envelope: gossip.IEnvelope): gossip.IEnvelope {
  return { payload: envelope.payload, signature: envelope.signature };
}

/**
 * The internal endpoint carried by the envelope's SecretEnvelope, if any. Unverified:
 * trust it only once verifyAliveSignatures accepted the message.
 */
export function internalEndpointOf(envelope: gossip.IEnvelope): string | undefined {
  const secret = envelope.secretEnvelope;
  if (!secret?.payload || secret.payload.length === 0) return undefined;
  try {
    return gossip.Secret.decode(secret.payload).internalEndpoint || undefined;
  } catch {
    return undefined;
  }
}
