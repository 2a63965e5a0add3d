// The gossip.Gossip gRPC service, declared by hand so that messages cross the
// gRPC layer as raw bytes: decoding happens in comm, where a malformed or
// oversized message is dropped and counted instead of failing the stream.
import type * as grpc from "@grpc/grpc-js";
import { gossip } from "../protocol/generated/wire.js";
import { type TraceCarrier, traceMetadata } from "./trace-context.js";

const passThrough = (bytes: Buffer): Buffer => bytes;
const EMPTY_BYTES = Buffer.from(gossip.Empty.encode({}).finish());

export const GOSSIP_STREAM_PATH = "/gossip.Gossip/GossipStream";
export const PING_PATH = "/gossip.Gossip/Ping";

export const gossipServiceDefinition: grpc.ServiceDefinition = {
  GossipStream: {
    path: GOSSIP_STREAM_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  },
  Ping: {
    path: PING_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  },
};

export type GossipStreamCall =
  | grpc.ClientDuplexStream<Buffer, Buffer>
  | grpc.ServerDuplexStream<Buffer, Buffer>;

/** Opens the gossip stream; trace context, when given, goes in the call's metadata. */
export function openGossipStream(
  client: grpc.Client,
  traceContext?: TraceCarrier,
): grpc.ClientDuplexStream<Buffer, Buffer> {
  const metadata = traceMetadata(traceContext);
  if (!metadata) return client.makeBidiStreamRequest(GOSSIP_STREAM_PATH, passThrough, passThrough);
  return client.makeBidiStreamRequest(GOSSIP_STREAM_PATH, passThrough, passThrough, metadata);
}

export function callPing(client: grpc.Client, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(PING_PATH, passThrough, passThrough, EMPTY_BYTES, { deadline }, (err) =>
      err ? reject(err) : resolve(),
    );
  });
}

export function waitForReady(client: grpc.Client, deadline: number): Promise<void> {
  return new Promise((resolve, reject) =>
    client.waitForReady(deadline, (err) => (err ? reject(err) : resolve())),
  );
}

export function pingHandler(
  _call: grpc.ServerUnaryCall<Buffer, Buffer>,
  callback: grpc.sendUnaryData<Buffer>,
): void {
  callback(null, EMPTY_BYTES);
}
