import { describe, expect, it } from "vitest";
import {
  formatLogSpec,
  LogSpecError,
  levelOfModule,
  parseLogSpec,
} from "../../../src/observability/log-spec.js";

describe("parseLogSpec (Fabric's flogging grammar)", () => {
  it.each([
    ["DEBUG", "debug"],
    ["info", "info"],
    ["warning", "warn"],
    ["payload", "trace"],
    ["panic", "fatal"],
    ["", "info"],
    ["info:warn", "warn"],
    ["debug:", "info"],
  ])("reads %j with the default level %s (the last level segment wins)", (spec, level) => {
    expect(parseLogSpec(spec).defaultLevel).toBe(level);
  });

  it("resolves modules by their longest named prefix, as Fabric's examples do", () => {
    const spec = parseLogSpec("a.b=info:a,z=error:c.b=info:c.=warn:debug");
    const expected = {
      a: "error",
      z: "error",
      "a.b": "info",
      "a.b.c": "info",
      "a.b.c.d": "info",
      "a.c": "error",
      c: "warn",
      "c.a": "debug",
      "c.b": "info",
      d: "debug",
      "ab.c": "debug",
      "c.b.a": "info",
    };
    for (const [module, level] of Object.entries(expected)) expect(levelOfModule(spec, module)).toBe(level);
  });

  it("gives this node's modules their levels", () => {
    const spec = parseLogSpec("gossip.comm,gossip.pull=warn:gossip.discovery=debug:info");
    expect(levelOfModule(spec, "gossip.comm")).toBe("warn");
    expect(levelOfModule(spec, "gossip.pull")).toBe("warn");
    expect(levelOfModule(spec, "gossip.discovery")).toBe("debug");
    expect(levelOfModule(spec, "admin")).toBe("info");
    expect(levelOfModule(parseLogSpec("gossip=debug:error"), "gossip.node")).toBe("debug");
  });

  it.each([
    ["", "info"],
    ["debug", "debug"],
    ["a.=info:warning", "a.=info:warn"],
    ["a-b=error", "a-b=error:info"],
    ["a#b=error", "a#b=error:info"],
    ["a_b=error", "a_b=error:info"],
    ["debug:a=info:b=warn", "a=info:b=warn:debug"],
    ["b=warn:a=error", "a=error:b=warn:info"],
  ])("normalises %j to %j as Fabric's Spec() does", (input, output) => {
    expect(formatLogSpec(parseLogSpec(input))).toBe(output);
  });

  it.each([
    ["=INFO:DEBUG", "invalid logging specification '=INFO:DEBUG': no logger specified in segment '=INFO'"],
    ["=INFO=:DEBUG", "invalid logging specification '=INFO=:DEBUG': bad segment '=INFO='"],
    ["bogus", "invalid logging specification 'bogus': bad segment 'bogus'"],
    [
      "a.b=info:a=broken:c.b=info:c.=warn:debug",
      "invalid logging specification 'a.b=info:a=broken:c.b=info:c.=warn:debug': bad segment 'a=broken'",
    ],
    ["a*=info:debug", "invalid logging specification 'a*=info:debug': bad logger name 'a*'"],
    [".a=info:debug", "invalid logging specification '.a=info:debug': bad logger name '.a'"],
  ])("rejects %j with Fabric's message", (spec, message) => {
    expect(() => parseLogSpec(spec)).toThrow(LogSpecError);
    expect(() => parseLogSpec(spec)).toThrow(message);
  });
});
