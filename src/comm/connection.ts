// One gossip stream, whichever side opened it: the first message each way is
// the handshake, then envelopes flow both ways. Sends go through a bounded
// queue (sendBuffSize; overflow drops and counts); receives are paused when
// recvBuffSize messages wait for the consumer, so a slow consumer pushes back
// on the sender through gRPC flow control instead of growing memory.
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { ValidatedIdentity } from "../identity/validator.js";
import { CommError } from "./errors.js";
import type { GossipStreamCall } from "./grpc-service.js";
import { missedByOwnStall } from "./stalled-deadline.js";

export type ConnectionDirection = "inbound" | "outbound";

export interface ConnectionOptions {
  direction: ConnectionDirection;
  /** Where the remote can be dialed: the dialed endpoint, or the inbound stream's peer address. */
  endpoint: string;
  sendBuffSize: number;
  recvBuffSize: number;
  logger: Logger;
  clock: Clock;
  /** The client that carries an outbound stream; closed with the connection. */
  client?: grpc.Client;
}

export interface ConnectionHandlers {
  onMessage(bytes: Buffer, connection: Connection): void;
  onClose(connection: Connection): void;
}

export class Connection {
  readonly direction: ConnectionDirection;
  readonly endpoint: string;
  remote: ValidatedIdentity | undefined;
  private readonly sendQueue: Buffer[] = [];
  /** The stream's buffer is full: writing resumes on its next 'drain'. */
  private blocked = false;
  private closed = false;
  private awaitingDelivery = 0;
  private firstMessage: ((bytes: Buffer) => void) | undefined;
  private handlers: ConnectionHandlers | undefined;
  private readonly earlyMessages: Buffer[] = [];
  private readonly closeListeners: Array<(err?: Error) => void> = [];

  constructor(
    private readonly stream: GossipStreamCall,
    private readonly options: ConnectionOptions,
  ) {
    this.direction = options.direction;
    this.endpoint = options.endpoint;
    stream.on("data", (bytes: Buffer) => this.onData(bytes));
    stream.on("drain", () => {
      this.blocked = false;
      this.flush();
    });
    stream.on("error", (err: Error) => this.terminate(err));
    stream.on("end", () => this.terminate());
    stream.on("close", () => this.terminate());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes the handshake message directly, ahead of any queued send. */
  writeHandshake(bytes: Buffer): void {
    this.stream.write(bytes);
  }

  /** The remote's first message, within timeoutMs; rejects if the stream ends or the signal aborts first. */
  readFirst(timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const { clock } = this.options;
      const dueAt = clock.now() + timeoutMs;
      const timer = clock.setTimeout(() => {
        if (missedByOwnStall(clock.now(), dueAt, timeoutMs)) {
          settle(new CommError("stalled", `no handshake from ${this.endpoint}: this process was stalled`));
        } else settle(new CommError("timeout", `no handshake from ${this.endpoint} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAbort = () => settle(new CommError("stopped", "handshake aborted"));
      const onClose = (err?: Error) =>
        settle(
          new CommError(
            "closed",
            `stream closed during handshake${err ? `: ${describeGrpcError(err)}` : ""}`,
            {
              cause: err,
            },
          ),
        );
      const settle = (outcome: Buffer | CommError) => {
        timer.cancel();
        signal?.removeEventListener("abort", onAbort);
        this.firstMessage = undefined;
        const i = this.closeListeners.indexOf(onClose);
        if (i >= 0) this.closeListeners.splice(i, 1);
        if (outcome instanceof CommError) reject(outcome);
        else resolve(outcome);
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      if (this.closed) {
        onClose();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      this.closeListeners.push(onClose);
      this.firstMessage = settle;
    });
  }

  /** Handshake done: later messages go to the handlers. */
  activate(remote: ValidatedIdentity, handlers: ConnectionHandlers): void {
    this.remote = remote;
    this.handlers = handlers;
    for (const bytes of this.earlyMessages.splice(0)) this.deliver(bytes);
    if (this.closed) handlers.onClose(this);
  }

  /** Queues bytes for sending; false (and nothing queued) when the buffer is full or the stream closed. */
  enqueue(bytes: Buffer): boolean {
    if (this.closed || this.sendQueue.length >= this.options.sendBuffSize) return false;
    this.sendQueue.push(bytes);
    this.flush();
    return true;
  }

  /** The consumer took one delivered message: resume reading if we had paused. */
  released(): void {
    this.awaitingDelivery--;
    if (this.awaitingDelivery < this.options.recvBuffSize && this.stream.isPaused()) this.stream.resume();
  }

  /** Ends the stream: an OK status (or the given error) for inbound, a cancel for outbound. */
  close(error?: { code: grpc.status; details: string }): void {
    if (this.closed) return;
    if (this.direction === "inbound") {
      const call = this.stream as grpc.ServerDuplexStream<Buffer, Buffer>;
      if (error) call.emit("error", error);
      else call.end();
    } else {
      (this.stream as grpc.ClientDuplexStream<Buffer, Buffer>).cancel();
    }
    this.terminate();
  }

  private onData(bytes: Buffer): void {
    if (this.firstMessage) {
      this.firstMessage(bytes);
    } else if (this.handlers) {
      this.deliver(bytes);
    } else if (this.earlyMessages.length < this.options.recvBuffSize) {
      // Sent right behind the handshake, before we finished checking it.
      this.earlyMessages.push(bytes);
    }
  }

  private deliver(bytes: Buffer): void {
    this.awaitingDelivery++;
    if (this.awaitingDelivery >= this.options.recvBuffSize) this.stream.pause();
    this.handlers?.onMessage(bytes, this);
  }

  /** Writes queued messages until the stream pushes back; a plain loop, no promise per message. */
  private flush(): void {
    while (!this.blocked && !this.closed) {
      const bytes = this.sendQueue.shift();
      if (!bytes) return;
      if (!this.stream.write(bytes)) this.blocked = true;
    }
  }

  private terminate(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.sendQueue.length = 0;
    if (err && !isCancelled(err)) {
      this.options.logger.debug(
        { endpoint: this.endpoint, err: describeGrpcError(err) },
        "gossip stream ended",
      );
    }
    for (const listener of this.closeListeners.splice(0)) listener(err);
    this.options.client?.close();
    this.handlers?.onClose(this);
  }
}

function isCancelled(err: Error): boolean {
  return (err as Partial<grpc.ServiceError>).code === grpc.status.CANCELLED;
}

export function describeGrpcError(err: Error): string {
  const details = (err as Partial<grpc.ServiceError>).details;
  return details || err.message;
}
