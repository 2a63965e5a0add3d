// The framing helpers of the transport-floor benchmark: a miscount there would make every figure wrong.
import { describe, expect, it } from "vitest";
import { frameReader, grpcFrame } from "../../../bench/transport-floor.js";

describe("transport floor framing", () => {
  it("frames a message as gRPC does: flag 0, big-endian length, bytes", () => {
    expect([...grpcFrame(Buffer.from([9, 8, 7]))]).toEqual([0, 0, 0, 0, 3, 9, 8, 7]);
  });

  it("counts every frame however the byte stream is cut", () => {
    const stream = Buffer.concat([
      grpcFrame(Buffer.alloc(10, 1)),
      grpcFrame(Buffer.alloc(0)),
      grpcFrame(Buffer.alloc(300, 2)),
    ]);
    for (const cut of [1, 3, 5, 7, 64, stream.length]) {
      let frames = 0;
      const read = frameReader(() => frames++);
      for (let at = 0; at < stream.length; at += cut) read(stream.subarray(at, at + cut));
      expect(frames).toBe(3);
    }
  });

  it("waits for the rest of a frame it has only the start of", () => {
    let frames = 0;
    const read = frameReader(() => frames++);
    const frame = grpcFrame(Buffer.alloc(20));
    read(frame.subarray(0, 12));
    expect(frames).toBe(0);
    read(frame.subarray(12));
    expect(frames).toBe(1);
  });
});
