import { describe, expect, it } from "vitest";
import { grpcTarget } from "../../../src/comm/grpc-target.js";

describe("gRPC target of a gossip endpoint", () => {
  it("dials an IPv4 literal through grpc-js's ipv4 resolver, which opens no DNS channel", () => {
    expect(grpcTarget("127.0.0.1:7051")).toBe("ipv4:127.0.0.1:7051");
  });

  it("dials a bracketed IPv6 literal through the ipv6 resolver, brackets kept", () => {
    expect(grpcTarget("[::1]:7051")).toBe("ipv6:[::1]:7051");
    expect(grpcTarget("[fe80::1]:7051")).toBe("ipv6:[fe80::1]:7051");
  });

  it("leaves a DNS name to the default (dns) resolver, exactly as written", () => {
    expect(grpcTarget("peer0.org1.example.com:7051")).toBe("peer0.org1.example.com:7051");
    expect(grpcTarget("localhost:7051")).toBe("localhost:7051");
  });

  it("refuses what is not host:port, as the comm's endpoint check does", () => {
    expect(() => grpcTarget("unix:/tmp/socket")).toThrow();
    expect(() => grpcTarget("127.0.0.1")).toThrow();
  });
});
