import { describe, expect, it } from "vitest";
import {
  formatHostPort,
  HostPortError,
  isUnspecifiedHost,
  parseHostPort,
  tryParseHostPort,
} from "../../../src/util/host-port.js";

describe("parseHostPort", () => {
  it.each([
    ["peer0.org1.example.com:7051", "peer0.org1.example.com", 7051],
    ["[::1]:7051", "::1", 7051],
    [" 10.0.0.1:65535 ", "10.0.0.1", 65535],
  ])("reads %j", (text, host, port) => {
    expect(parseHostPort(text)).toEqual({ host, port });
  });

  it.each([
    ["peer0", "no port"],
    ["peer0:x", "no port"],
    ["peer0:70000", "port 70000 is out of range"],
    ["peer0:0", "port 0 is out of range"],
    ["::1:7051", "write an IPv6 address in brackets, [::1]:7051"],
    ["[::1]7051", "no port after the [IPv6] address"],
    ["unix:/var/run/peer.sock", "no port"],
    ["dns:///peer0:7051", "write an IPv6 address in brackets, [::1]:7051"],
    [":7051", '"" is not a host name or address'],
  ])("refuses %j: %s", (text, hint) => {
    const err = (() => {
      try {
        parseHostPort(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(HostPortError);
    expect((err as HostPortError).hint).toBe(hint);
    expect((err as HostPortError).message).toBe(`${JSON.stringify(text)} is not host:port (${hint})`);
  });

  it("accepts port 0 and an empty host only when asked", () => {
    expect(parseHostPort("127.0.0.1:0", { allowPortZero: true })).toEqual({ host: "127.0.0.1", port: 0 });
    expect(parseHostPort(":9443", { allowEmptyHost: true })).toEqual({ host: "", port: 9443 });
  });

  it("has a non-throwing form for values from the network", () => {
    expect(tryParseHostPort("peer0:7051")).toEqual({ host: "peer0", port: 7051 });
    expect(tryParseHostPort("peer0")).toBeUndefined();
  });
});

describe("formatHostPort and isUnspecifiedHost", () => {
  it("puts IPv6 hosts back in brackets", () => {
    expect(formatHostPort({ host: "::1", port: 7051 })).toBe("[::1]:7051");
    expect(formatHostPort({ host: "peer0", port: 7051 })).toBe("peer0:7051");
  });

  it("knows the addresses nobody can dial", () => {
    for (const host of ["0.0.0.0", "::", "0:0::0", ""]) expect(isUnspecifiedHost(host)).toBe(true);
    for (const host of ["127.0.0.1", "::1", "peer0"]) expect(isUnspecifiedHost(host)).toBe(false);
  });
});
