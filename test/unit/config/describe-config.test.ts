import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, describeConfig, loadConfig } from "../../../src/config/index.js";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "fgn-describe-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe("describeConfig", () => {
  it("redacts the admin token and shows each variable's value and source", () => {
    writeFileSync(join(cwd, "core.yaml"), "peer:\n  localMspId: Org1MSP\n");
    writeFileSync(join(cwd, ".env"), "CORE_PEER_GOSSIP_PULLPEERNUM=5\n");
    const token = "s3cr3t-t0ken-value-0123456789";
    const result = loadConfig({
      env: { FGN_ADMIN_TOKEN: token, CORE_PEER_ID: "peer9", CORE_PEER_TLS_KEY_FILE: "/keys/tls.key" },
      cwd,
      configFile: "core.yaml",
    });
    const text = describeConfig(result);

    expect(text).not.toContain(token);
    expect(result.sources.FGN_ADMIN_TOKEN).toEqual({ value: "***", source: "env" });
    expect(text).toMatch(/^FGN_ADMIN_TOKEN +\*\*\* +\(env\)$/m);
    expect(text).toMatch(/^CORE_PEER_ID +peer9 +\(env\)$/m);
    expect(text).toMatch(/^CORE_PEER_LOCALMSPID +Org1MSP +\(file\)$/m);
    expect(text).toMatch(/^CORE_PEER_GOSSIP_PULLPEERNUM +5 +\(dotenv\)$/m);
    expect(text).toMatch(/^CORE_PEER_GOSSIP_ALIVETIMEINTERVAL +5s +\(default\)$/m);
    // The key file's path is shown; its contents are never read.
    expect(text).toMatch(/^CORE_PEER_TLS_KEY_FILE +\/keys\/tls\.key +\(env\)$/m);
    expect(text).toContain(`# core.yaml: ${join(cwd, "core.yaml")}`);
    expect(text).toContain(`# .env: ${join(cwd, ".env")}`);
  });

  it("prints one line per variable", () => {
    const text = describeConfig(loadConfig({ env: {}, cwd }));
    const lines = text.split("\n").filter((l) => !l.startsWith("#"));
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(CONFIG_VARIABLES.map((v) => v.env));
  });

  it("shows an unset token as empty, not as a secret", () => {
    expect(describeConfig(loadConfig({ env: {}, cwd }))).toMatch(/^FGN_ADMIN_TOKEN +"" +\(default\)$/m);
  });
});
