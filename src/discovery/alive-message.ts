// Reading and authenticating AliveMessages, as Fabric's discovery security
// adapter does: the signature must verify with the identity attached to the
// message (validated, PKI-ID checked, then remembered) or with the identity
// already known for its PKI-ID; with neither, the message is dropped.
import type { IdentityStore } from "../certstore/identity-store.js";
import { IdentityError } from "../identity/errors.js";
import { pkiIdHex, pkiIdOf } from "../identity/pki-id.js";
import type { IdentityValidator, ValidatedIdentity } from "../identity/validator.js";
import type { DropReason } from "../protocol/drop-reasons.js";
import { gossip } from "../protocol/generated/wire.js";
import { hasEmptyTag, type PeerTime, timeOf } from "../protocol/messages.js";
import {
  encodeEnvelope,
  internalEndpointOf,
  openEnvelope,
  type SignedGossipMessage,
} from "../protocol/signed-message.js";
import { sameBytes } from "../util/bytes.js";

/** The fields of an alive message discovery works with, whether just received or stored. */
export interface AliveFacts {
  readonly pkiId: Uint8Array;
  readonly hex: string;
  readonly endpoint: string;
  readonly metadata: Uint8Array;
  readonly time: PeerTime;
  /** From the SecretEnvelope; trustworthy only once authenticateAlive accepted the message. */
  readonly internalEndpoint: string | undefined;
}

/** An alive message as received: its facts, read once, and the decoded message to authenticate and forward. */
export interface AliveRecord extends AliveFacts {
  readonly signed: SignedGossipMessage;
}

const EMPTY = new Uint8Array(0);

const UNREAD = Symbol("unread");

/**
 * A received alive message's fields. The SecretEnvelope is decoded on first use: most alive
 * messages a member receives are duplicates, dropped on their timestamp alone. A class, not an
 * object literal with a getter: V8 builds such a literal's accessor at run time and leaves it in
 * dictionary mode (about 0.7 µs and 0.5 KB per message, and slow reads of every field after).
 * The internal endpoint is a getter on the prototype, so a `{ ...record }` copy lacks it.
 */
class ParsedAlive implements AliveRecord {
  #internalEndpoint: string | undefined | typeof UNREAD = UNREAD;

  constructor(
    readonly signed: SignedGossipMessage,
    readonly pkiId: Uint8Array,
    readonly hex: string,
    readonly endpoint: string,
    readonly metadata: Uint8Array,
    readonly time: PeerTime,
  ) {}

  get internalEndpoint(): string | undefined {
    if (this.#internalEndpoint === UNREAD) this.#internalEndpoint = internalEndpointOf(this.signed.envelope);
    return this.#internalEndpoint;
  }
}

/**
 * Undefined when the message is not a well-formed alive message (a member with
 * a PKI-ID). The router checked the tag of a message that came on its own.
 */
export function parseAlive(signed: SignedGossipMessage): AliveRecord | undefined {
  const alive = signed.message.aliveMsg;
  const membership = alive?.membership;
  const pkiId = membership?.pkiId;
  if (!alive || !membership || !pkiId || pkiId.length === 0) return undefined;
  return new ParsedAlive(
    signed,
    pkiId,
    pkiIdHex(pkiId),
    membership.endpoint ?? "",
    membership.metadata ?? EMPTY,
    timeOf(alive),
  );
}

/**
 * An alive message carried inside another one (a membership request's self
 * information, a membership response entry): no router saw it, so its tag is
 * checked here. Throws when the envelope does not decode.
 */
export function parseInnerAlive(envelope: gossip.IEnvelope): AliveRecord | undefined {
  const signed = openEnvelope(envelope);
  return hasEmptyTag(signed.message) ? parseAlive(signed) : undefined;
}

/**
 * An authenticated alive message as the alive store and the membership keep it: the
 * facts, and the envelope re-encoded (never a view into a larger receive buffer, such as a
 * membership response), instead of the decoded protobuf tree (~3 KB of heap per member in a
 * 10,000-member view). Only the envelope's framing is re-encoded: its payload and signatures,
 * which the signatures cover, are the received bytes. The bytes are kept as a one-byte string,
 * one character per byte, in V8's heap: measured against a Uint8Array per message, the same
 * RSS for a 10,000-member view, and 2.5 instead of 4.3 µs per stored message (an ArrayBuffer's
 * off-heap allocation and its collection cost more than the string's copy).
 */
export class StoredAlive implements AliveFacts {
  private constructor(
    readonly pkiId: Uint8Array,
    readonly hex: string,
    readonly endpoint: string,
    readonly metadata: Uint8Array,
    readonly time: PeerTime,
    readonly internalEndpoint: string | undefined,
    /** The encoded envelope, latin1: each character one byte. */
    private readonly bytes: string,
  ) {}

  /** The stored form of an alive message (authenticated: its internal endpoint is read and kept). */
  static of(record: AliveRecord): StoredAlive {
    const envelope = encodeEnvelope(record.signed.envelope);
    const { metadata, internalEndpoint } = record;
    return new StoredAlive(
      new Uint8Array(record.pkiId),
      record.hex,
      flatCopy(record.endpoint),
      metadata.length === 0 ? EMPTY : new Uint8Array(metadata),
      record.time,
      internalEndpoint === undefined ? undefined : flatCopy(internalEndpoint),
      Buffer.from(envelope.buffer, envelope.byteOffset, envelope.length).toString("latin1"),
    );
  }

  /** The envelope as received, to serve: decoded from a copy of the stored bytes. */
  envelope(): gossip.IEnvelope {
    return gossip.Envelope.decode(Buffer.from(this.bytes, "latin1"));
  }

  /** Whether this message carried exactly this SecretEnvelope: the same payload and signature bytes. */
  carriesSecret(secret: Signed): boolean {
    const stored = this.envelope().secretEnvelope;
    return (
      !!stored?.payload &&
      !!stored.signature &&
      sameBytes(stored.payload, secret.payload) &&
      sameBytes(stored.signature, secret.signature)
    );
  }
}

/**
 * A string in one piece: protobufjs decodes the strings of a plain Uint8Array one
 * character at a time, a rope of cons strings that a kept record would hold for its life.
 */
function flatCopy(text: string): string {
  return text.length === 0 ? text : Buffer.from(text, "utf8").toString("utf8");
}

export type AuthResult =
  | { readonly ok: true; readonly identity: ValidatedIdentity }
  | { readonly ok: false; readonly reason: DropReason; readonly detail: string };

/**
 * Who signed the alive message, once its signatures verify. `previous` is the member's
 * latest stored (so authenticated) alive message, if any: see verifyAliveSignatures.
 */
export function authenticateAlive(
  record: AliveRecord,
  validator: IdentityValidator,
  identities: IdentityStore,
  previous?: StoredAlive,
): AuthResult {
  const signer = signerOfAlive(record, validator, identities);
  if (!signer.ok) return signer;
  const signatures = verifyAliveSignatures(record, signer.identity, previous);
  return signatures.ok ? signer : signatures;
}

/**
 * Who must have signed an alive message: the identity attached to it (validated, PKI-ID
 * checked, then remembered) or the one already known for its PKI-ID. Its signatures are
 * not checked here.
 */
export function signerOfAlive(
  record: AliveRecord,
  validator: IdentityValidator,
  identities: IdentityStore,
): AuthResult {
  const { envelope, message } = record.signed;
  if (!isSigned(envelope)) return UNSIGNED;
  let identity: ValidatedIdentity | undefined;
  const attached = message.aliveMsg?.identity;
  if (attached && attached.length > 0) {
    // The cheap hash first: a certificate that is not the claimed member's is refused before its chain is checked.
    let computed: Uint8Array;
    try {
      computed = pkiIdOf(attached);
    } catch {
      return { ok: false, reason: "invalid", detail: "attached identity refused (malformed)" };
    }
    if (!sameBytes(computed, record.pkiId)) {
      return { ok: false, reason: "invalid", detail: "attached identity does not match the claimed PKI-ID" };
    }
    try {
      identity = validator.validate(attached);
    } catch (err) {
      const why = err instanceof IdentityError ? err.reason : "malformed";
      return { ok: false, reason: "invalid", detail: `attached identity refused (${why})` };
    }
    // The attached identity's PKI-ID is the record's (checked above): the record's hex keys it.
    identities.put(identity, record.hex);
  } else {
    identity = identities.get(record.hex);
  }
  if (!identity) return { ok: false, reason: "unknown_identity", detail: "no certificate for this PKI-ID" };
  return { ok: true, identity };
}

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: DropReason; readonly detail: string };

const SIGNATURES_VERIFY: SignatureCheck = { ok: true };
const UNSIGNED = { ok: false, reason: "invalid", detail: "alive message is not signed" } as const;
const BAD_MESSAGE_SIGNATURE = {
  ok: false,
  reason: "bad_signature",
  detail: "alive message signature does not verify",
} as const;
const BAD_SECRET_SIGNATURE = {
  ok: false,
  reason: "bad_signature",
  detail: "secret envelope signature does not verify",
} as const;

type Signed = { readonly payload: Uint8Array; readonly signature: Uint8Array };

function isSigned<E extends { payload?: Uint8Array | null; signature?: Uint8Array | null }>(
  envelope: E,
): envelope is E & Signed {
  return !!envelope.payload?.length && !!envelope.signature?.length;
}

/**
 * The alive message's signature, and its SecretEnvelope's when present, must both be the
 * member's. A SecretEnvelope byte for byte the one of `previous`, the member's latest
 * authenticated message, was verified with the same identity (a PKI-ID names one identity)
 * and is not checked again: the verdict over the same bytes and key cannot differ. Our nodes
 * sign their SecretEnvelope once, so this halves the checks per alive message between them;
 * a Fabric peer signs it anew each time, and its messages are checked as before.
 */
export function verifyAliveSignatures(
  record: AliveRecord,
  signer: Pick<ValidatedIdentity, "verify">,
  previous?: StoredAlive,
): SignatureCheck {
  const { envelope } = record.signed;
  if (!isSigned(envelope)) return UNSIGNED;
  if (!signer.verify(envelope.payload, envelope.signature)) return BAD_MESSAGE_SIGNATURE;
  const secret = envelope.secretEnvelope;
  if (!secret) return SIGNATURES_VERIFY;
  if (!isSigned(secret)) return BAD_SECRET_SIGNATURE;
  if (previous?.carriesSecret(secret) || signer.verify(secret.payload, secret.signature))
    return SIGNATURES_VERIFY;
  return BAD_SECRET_SIGNATURE;
}

/**
 * verifyAliveSignatures on libuv's threadpool, both signatures at once, with the same
 * verdicts: for the entries of a membership response, checked in bulk. Never rejects.
 */
export async function verifyAliveSignaturesAsync(
  record: AliveRecord,
  signer: Pick<ValidatedIdentity, "verifyAsync">,
  previous?: StoredAlive,
): Promise<SignatureCheck> {
  const { envelope } = record.signed;
  if (!isSigned(envelope)) return UNSIGNED;
  const secret = envelope.secretEnvelope;
  const [message, secretVerifies] = await Promise.all([
    signer.verifyAsync(envelope.payload, envelope.signature),
    !secret ||
      (isSigned(secret) &&
        (previous?.carriesSecret(secret) || signer.verifyAsync(secret.payload, secret.signature))),
  ]);
  if (!message) return BAD_MESSAGE_SIGNATURE;
  return secretVerifies ? SIGNATURES_VERIFY : BAD_SECRET_SIGNATURE;
}
