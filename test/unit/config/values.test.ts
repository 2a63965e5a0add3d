import { describe, expect, it } from "vitest";
import {
  formatDuration,
  InvalidValueError,
  parseBoolean,
  parseDuration,
  parseHostPort,
  parseInteger,
  parseTrustedMsps,
  splitList,
} from "../../../src/config/values.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["5s", 5_000],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["1.5s", 1_500],
    ["1h2m3s4ms", 3_723_004],
    [".5s", 500],
    ["1500us", 2],
    ["2000000ns", 2],
    ["1000µs", 1],
    ["+3s", 3_000],
    [" 25s ", 25_000],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("rejects a bare number and says it has no unit", () => {
    const err = catchInvalid(() => parseDuration("5"));
    expect(err.expected).toBe("a duration such as 500ms, 5s or 2m");
    expect(err.hint).toMatch(/no unit/);
  });

  it.each(["", "5x", "5 s", "s", "1m30", "5S", "-5s", "abc", "1..5s"])("rejects %j", (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidValueError);
  });

  it("rejects zero and sub-millisecond durations", () => {
    expect(() => parseDuration("0s")).toThrow(/positive duration/);
    expect(() => parseDuration("10ns")).toThrow(/at least 1ms/);
  });

  it("rejects durations Node timers cannot wait for", () => {
    expect(() => parseDuration("600h")).toThrow(/596h/);
  });

  it.each([500, 1_000, 1_500, 25_000, 90_000, 3_600_000, 5_400_000, 3_601_000])(
    "formats %d ms in a form it reads back",
    (ms) => {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    },
  );

  it("formats like an operator types", () => {
    expect(formatDuration(500)).toBe("500ms");
    expect(formatDuration(1_500)).toBe("1.5s");
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(7_200_000)).toBe("2h");
  });
});

describe("parseHostPort", () => {
  it.each([
    ["peer0.org1.example.com:7051", "peer0.org1.example.com", 7051],
    ["localhost:1", "localhost", 1],
    ["10.0.0.1:65535", "10.0.0.1", 65535],
    ["[::1]:7051", "::1", 7051],
    ["[2001:db8::5]:443", "2001:db8::5", 443],
    ["peer_0:7051", "peer_0", 7051],
  ])("reads %s", (text, host, port) => {
    expect(parseHostPort(text)).toEqual({ host, port });
  });

  it.each([
    "peer0",
    "peer0:",
    ":7051",
    "peer0:0",
    "peer0:65536",
    "peer0:70a",
    "::1:7051",
    "[::1]7051",
    "[nothost]:7051",
    "300.1.1.1:7051",
    "-bad.example.com:7051",
    "a b:7051",
  ])("rejects %j", (text) => {
    expect(() => parseHostPort(text)).toThrow(InvalidValueError);
  });

  it("accepts port 0 only for listen addresses", () => {
    expect(parseHostPort("0.0.0.0:0", { allowPortZero: true })).toEqual({ host: "0.0.0.0", port: 0 });
    expect(() => parseHostPort("0.0.0.0:0")).toThrow(/port 1-65535/);
  });

  it("tells how to write an IPv6 address", () => {
    expect(catchInvalid(() => parseHostPort("::1:7051")).hint).toMatch(/\[::1\]:7051/);
  });
});

describe("parseInteger, parseBoolean, splitList", () => {
  it("reads integers within bounds", () => {
    expect(parseInteger("120", 1)).toBe(120);
    expect(() => parseInteger("0", 1)).toThrow("expected an integer of at least 1");
    expect(() => parseInteger("-3", 1)).toThrow(InvalidValueError);
    expect(() => parseInteger("1.5", 1)).toThrow(InvalidValueError);
    expect(() => parseInteger("1e3", 1)).toThrow(InvalidValueError);
    expect(() => parseInteger("99999999999999999999", 1)).toThrow(InvalidValueError);
    expect(() => parseInteger("11", 1, 10)).toThrow("expected an integer from 1 to 10");
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["false", false],
    ["False", false],
    ["0", false],
  ])("reads boolean %s", (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });

  it.each(["yes", "no", "on", "", "2"])("rejects boolean %j", (text) => {
    expect(() => parseBoolean(text)).toThrow("expected true or false");
  });

  it("splits on spaces and commas", () => {
    expect(splitList("a:1 b:2,c:3 ,  d:4\n")).toEqual(["a:1", "b:2", "c:3", "d:4"]);
  });
});

describe("parseTrustedMsps", () => {
  it("reads MSPID=directory pairs, paths with spaces included", () => {
    expect(parseTrustedMsps("Org2MSP=/msp/org2, Org3MSP=/msp/my org3")).toEqual([
      { mspId: "Org2MSP", dir: "/msp/org2" },
      { mspId: "Org3MSP", dir: "/msp/my org3" },
    ]);
  });

  it("rejects entries without an MSP ID or directory, and duplicates", () => {
    expect(() => parseTrustedMsps("Org2MSP")).toThrow(/MSPID=directory/);
    expect(() => parseTrustedMsps("=/x")).toThrow(InvalidValueError);
    expect(() => parseTrustedMsps("Org2MSP=")).toThrow(InvalidValueError);
    expect(() => parseTrustedMsps("Org2MSP=/a,Org2MSP=/b")).toThrow(/listed twice/);
  });
});

function catchInvalid(fn: () => unknown): InvalidValueError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidValueError) return err;
    throw err;
  }
  throw new Error("expected an InvalidValueError");
}
