import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { traceCarrierOf, traceMetadata } from "../../../src/comm/trace-context.js";

const TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

describe("trace context in gossip stream metadata", () => {
  it("puts traceparent and tracestate on a call, and nothing when there is no context", () => {
    const metadata = traceMetadata({ traceparent: TRACEPARENT, tracestate: "vendor=1", other: "x" });
    expect(metadata?.getMap()).toEqual({ traceparent: TRACEPARENT, tracestate: "vendor=1" });
    expect(traceMetadata(undefined)).toBeUndefined();
  });

  it("keeps only the W3C fields of an inbound call, bounded, and none without a traceparent", () => {
    const metadata = new grpc.Metadata();
    metadata.set("traceparent", TRACEPARENT);
    metadata.set("tracestate", "x".repeat(513));
    metadata.set("baggage", "user=alice");
    expect(traceCarrierOf(metadata)).toEqual({ traceparent: TRACEPARENT });

    const withoutParent = new grpc.Metadata();
    withoutParent.set("tracestate", "vendor=1");
    expect(traceCarrierOf(withoutParent)).toBeUndefined();
    expect(traceCarrierOf(new grpc.Metadata())).toBeUndefined();
  });
});
