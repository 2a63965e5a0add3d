// A misbehaving client on another loopback address (127.0.0.2 by default):
// raw TCP sockets that never speak, and raw HTTP/2 gossip streams that never
// send a handshake or announce an oversized one. Everything it opens it closes.
import * as http2 from "node:http2";
import * as net from "node:net";
import { GOSSIP_STREAM_PATH } from "../../src/comm/grpc-service.js";

export const FLOODER_ADDRESS = "127.0.0.2";

function hostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(":");
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

export interface SilentStream {
  readonly stream: http2.ClientHttp2Stream;
  /** Resolves with the grpc-status the server ended the stream with, or "closed" without one. */
  readonly status: Promise<string>;
}

export class Flooder {
  private readonly sockets = new Set<net.Socket>();
  private readonly sessions = new Set<http2.ClientHttp2Session>();

  constructor(
    private readonly target: string,
    private readonly localAddress = FLOODER_ADDRESS,
  ) {}

  /** A TCP connection that never sends a byte, but reads, so that it sees the server close it. */
  silentSocket(): net.Socket {
    return this.connect().resume();
  }

  /** A GossipStream on its own HTTP/2 connection that never sends a message. */
  silentStream(): SilentStream {
    const session = http2.connect(`http://${this.target}`, {
      createConnection: () => this.connect(),
    });
    session.on("error", () => {});
    this.sessions.add(session);
    session.once("close", () => this.sessions.delete(session));
    const stream = session.request({
      ":method": "POST",
      ":path": GOSSIP_STREAM_PATH,
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => {});
    stream.resume();
    const status = new Promise<string>((resolve) => {
      stream.on("response", (headers) => {
        if (headers["grpc-status"] !== undefined) resolve(String(headers["grpc-status"]));
      });
      stream.on("trailers", (trailers) => resolve(String(trailers["grpc-status"] ?? "closed")));
      stream.on("close", () => {
        resolve("closed");
        session.close();
      });
    });
    return { stream, status };
  }

  /** Open sockets (HTTP/2 or not) this flooder still holds. */
  get openSockets(): number {
    return this.sockets.size;
  }

  private connect(): net.Socket {
    const socket = net.connect({ ...hostPort(this.target), localAddress: this.localAddress });
    socket.on("error", () => {});
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    return socket;
  }

  close(): void {
    for (const session of this.sessions) session.destroy();
    for (const socket of this.sockets) socket.destroy();
  }
}

/** The 5-byte gRPC message prefix announcing a message of `length` bytes. */
export function grpcPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(length, 1);
  return prefix;
}
