// Bounds what a stranger can make us buffer. grpc-js reads each message's
// 5-byte length prefix before its body and refuses (RESOURCE_EXHAUSTED) a
// message longer than the call's decoder limit, without buffering it. That
// limit is server-wide (maxMessageSize); until the remote's ConnEstablish is
// verified, it is lowered for that one call to the handshake's bound, and
// raised again once the remote is authenticated.
//
// grpc-js has no public per-call setting for this, so the call's decoder is
// reached through its (untyped) internals; test/integration/admission.test.ts
// pins the behaviour on the installed grpc-js, and an unrecognised shape is
// reported instead of silently ignored.
import type * as grpc from "@grpc/grpc-js";

interface StreamDecoderShape {
  maxReadMessageLength: number;
  /** The length prefix of the message being read: what the refusal was about. */
  readMessageSize: number;
}

export interface UnauthenticatedReadLimit {
  /** Back to the server-wide limit: the remote is authenticated. */
  lift(): void;
  /** Whether the stream announced a message over the limit (grpc-js then refused it). */
  readonly exceeded: boolean;
}

/** Lowers the call's read limit to maxBytes; undefined when this grpc-js does not expose a decoder. */
export function limitUnauthenticatedReads(
  call: grpc.ServerDuplexStream<Buffer, Buffer>,
  maxBytes: number,
): UnauthenticatedReadLimit | undefined {
  const decoder = findDecoder(call);
  if (!decoder) return undefined;
  const serverLimit = decoder.maxReadMessageLength;
  decoder.maxReadMessageLength = serverLimit === -1 ? maxBytes : Math.min(serverLimit, maxBytes);
  let lifted = false;
  return {
    lift() {
      if (lifted) return;
      lifted = true;
      decoder.maxReadMessageLength = serverLimit;
    },
    get exceeded() {
      return !lifted && decoder.readMessageSize > maxBytes;
    },
  };
}

function findDecoder(call: grpc.ServerDuplexStream<Buffer, Buffer>): StreamDecoderShape | undefined {
  // ServerDuplexStreamImpl.call is the intercepting call; without server interceptors it is the base call.
  const base = (call as unknown as { call?: { decoder?: Partial<StreamDecoderShape> } }).call;
  const decoder = base?.decoder;
  if (typeof decoder?.maxReadMessageLength !== "number" || typeof decoder.readMessageSize !== "number") {
    return undefined;
  }
  return decoder as StreamDecoderShape;
}
