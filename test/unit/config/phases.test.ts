// The loader's phases one at a time: read sources, parse every variable, cross-check, assemble.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleConfig } from "../../../src/config/assemble.js";
import { crossCheck } from "../../../src/config/cross-checks.js";
import { deriveDefaults, parseVariables } from "../../../src/config/parse-variables.js";
import { readSources } from "../../../src/config/sources.js";
import * as V from "../../../src/config/variables.js";
import { CONFIG_VARIABLES } from "../../../src/config/variables.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fgn-phases-"));
  await writeFile(join(dir, ".env"), "CORE_PEER_ID=from-dotenv\nCORE_PEER_LOCALMSPID=DotenvMSP\n");
  await writeFile(
    join(dir, "core.yaml"),
    "peer:\n  id: from-file\n  mspConfigPath: msp\n  gossip:\n    aliveTimeInterval: 3s\n",
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (env: Record<string, string>) => {
  const sources = readSources({ env, cwd: dir, configFile: "core.yaml" });
  const parsed = parseVariables(CONFIG_VARIABLES, sources, dir);
  deriveDefaults(parsed);
  return { sources, parsed };
};

describe("readSources", () => {
  it("prefers the real environment to .env, treats an empty variable as unset, and reads core.yaml", () => {
    const sources = readSources({
      env: { CORE_PEER_ID: "from-env", CORE_PEER_LOCALMSPID: "" },
      cwd: dir,
      configFile: "core.yaml",
    });
    expect(sources.fromEnvironment("CORE_PEER_ID")).toEqual({ text: "from-env", source: "env" });
    expect(sources.fromEnvironment("CORE_PEER_LOCALMSPID")).toEqual({ text: "DotenvMSP", source: "dotenv" });
    expect(sources.file?.name).toBe("core.yaml");
    expect(sources.dotenvFile).toBe(join(dir, ".env"));
    expect(sources.problems).toEqual([]);
  });

  it("collects an unusable FABRIC_CFG_PATH as a problem instead of throwing", () => {
    const sources = readSources({ env: { FABRIC_CFG_PATH: join(dir, "nowhere") }, cwd: dir, dotenv: false });
    expect(sources.problems.map((p) => p.variable)).toEqual(["FABRIC_CFG_PATH"]);
  });
});

describe("parseVariables", () => {
  it("parses every variable of the table, each from its strongest source", () => {
    const { parsed } = parse({});
    for (const v of CONFIG_VARIABLES) expect(parsed.sources[v.env]).toBeDefined();
    expect(parsed.get(V.PEER_ID)).toBe("from-dotenv");
    expect(parsed.get(V.ALIVE_TIME_INTERVAL)).toBe(3_000);
    expect(parsed.sources[V.ALIVE_TIME_INTERVAL.env]).toEqual({ value: "3s", source: "file" });
    // Relative paths from core.yaml are resolved against its directory.
    expect(parsed.get(V.MSP_CONFIG_PATH)).toBe(join(dir, "msp"));
  });

  it("records a bad value as a problem, falls back to the default and marks the variable failed", () => {
    const { sources, parsed } = parse({ CORE_PEER_GOSSIP_PROPAGATEPEERNUM: "many" });
    expect(sources.problems.map((p) => p.variable)).toEqual(["CORE_PEER_GOSSIP_PROPAGATEPEERNUM"]);
    expect(parsed.get(V.PROPAGATE_PEER_NUM)).toBe(3);
    expect(parsed.ok(V.PROPAGATE_PEER_NUM)).toBe(false);
    expect(parsed.ok(V.PEER_ID)).toBe(true);
  });

  it("refuses to answer for a variable that is not in the table", () => {
    const parsed = parseVariables([V.PEER_ID], readSources({ env: {}, cwd: dir, dotenv: false }), dir);
    expect(() => parsed.get(V.LOCAL_MSP_ID)).toThrow(/CORE_PEER_LOCALMSPID is not in CONFIG_VARIABLES/);
  });
});

describe("crossCheck", () => {
  it("reports a conflict between two valid settings, once", () => {
    const { parsed } = parse({ CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "2s" });
    const { problems } = crossCheck(parsed);
    expect(problems.map((p) => [p.reason, p.variable])).toEqual([
      ["conflict", "CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT"],
    ]);
  });

  it("skips a check whose setting was already refused", () => {
    const { parsed } = parse({ CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "soon" });
    expect(crossCheck(parsed).problems).toEqual([]);
  });

  it("warns about settings that are valid but probably not meant", () => {
    const { parsed } = parse({ FGN_ADMIN_TOKEN: "short", CORE_PEER_TLS_CLIENTAUTHREQUIRED: "true" });
    const { problems, warnings } = crossCheck(parsed);
    expect(problems).toEqual([]);
    expect(warnings.join("\n")).toMatch(/CORE_PEER_TLS_CLIENTAUTHREQUIRED is true but TLS is disabled/);
    expect(warnings.join("\n")).toMatch(/FGN_ADMIN_TOKEN is shorter than 16 characters/);
  });
});

describe("assembleConfig", () => {
  it("shapes the parsed values into a NodeConfig without optional fields that are unset", () => {
    const { parsed } = parse({ CORE_PEER_ADDRESS: "peer0:7051" });
    const config = assembleConfig(parsed);
    expect(config.peerId).toBe("from-dotenv");
    // Derived from the peer address in phase 2, as Fabric does.
    expect(config.gossip.endpoint).toBe("peer0:7051");
    expect(config.gossip.timings.aliveTimeInterval).toBe(3_000);
    expect("certFile" in config.tls).toBe(false);
    expect("adminToken" in config.operations).toBe(false);
  });
});
