import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  ConfigErrors,
  FABRIC_DEFAULTS,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from "../../../src/config/index.js";
import { formatLogSpec, parseLogSpec } from "../../../src/observability/log-spec.js";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "fgn-config-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function load(env: Record<string, string>, options: Partial<LoadConfigOptions> = {}): LoadedConfig {
  return loadConfig({ env, cwd, ...options });
}

/** Loads expecting failure and returns the problems. */
function problems(
  env: Record<string, string>,
  options: Partial<LoadConfigOptions> = {},
): readonly ConfigError[] {
  try {
    load(env, options);
  } catch (err) {
    if (err instanceof ConfigErrors) return err.errors;
    throw err;
  }
  throw new Error("expected the configuration to be rejected");
}

function write(relative: string, text: string): string {
  const path = join(cwd, relative);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe("defaults", () => {
  it("uses Fabric's gossip timings", () => {
    expect(load({}).config.gossip.timings).toEqual(FABRIC_DEFAULTS);
  });

  it("matches the documented defaults", () => {
    const { config, sources } = load({});
    expect(config).toEqual({
      peerId: "peer0",
      listenAddress: "0.0.0.0:7051",
      peerAddress: "0.0.0.0:7051",
      gossip: {
        endpoint: "0.0.0.0:7051",
        externalEndpoint: "",
        bootstrap: [],
        timings: FABRIC_DEFAULTS,
        admission: {
          maxPendingHandshakes: 64,
          maxPendingHandshakesPerAddress: 16,
          maxUnauthenticatedPerAddress: 32,
        },
      },
      localMspId: "SampleOrg",
      mspConfigPath: join(cwd, "msp"),
      trustedMsps: [],
      tls: { enabled: false, clientAuthRequired: false, clientRootCAs: [] },
      operations: {
        listenAddress: "127.0.0.1:9443",
        tls: { enabled: false, clientAuthRequired: false, clientRootCAs: [] },
      },
      logging: { spec: parseLogSpec("info"), format: "json" },
    });
    expect(Object.values(sources).every((s) => s.source === "default")).toBe(true);
  });

  it("reads the gossip port's admission limits, 0 leaving the connection cap to the open-files limit", () => {
    const { config } = load({
      FGN_MAX_INBOUND_CONNECTIONS: "500",
      FGN_MAX_PENDING_HANDSHAKES_PER_ADDRESS: "4",
    });
    expect(config.gossip.admission).toMatchObject({
      maxInboundConnections: 500,
      maxPendingHandshakesPerAddress: 4,
    });
    expect(load({}).config.gossip.admission).not.toHaveProperty("maxInboundConnections");
  });

  it("defaults the gossip endpoint to the peer address", () => {
    const { config, sources } = load({ CORE_PEER_ADDRESS: "peer0.org1:7051" });
    expect(config.gossip.endpoint).toBe("peer0.org1:7051");
    expect(sources.CORE_PEER_GOSSIP_ENDPOINT).toEqual({ value: "peer0.org1:7051", source: "default" });
  });

  it("treats empty variables as unset, as Fabric does", () => {
    expect(load({ CORE_PEER_ID: "", CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "  " }).config.peerId).toBe("peer0");
  });
});

describe("environment", () => {
  it("reads every setting from Fabric's variable names", () => {
    const { config, sources } = load({
      CORE_PEER_ID: "peer1",
      CORE_PEER_LISTENADDRESS: "127.0.0.1:0",
      CORE_PEER_ADDRESS: "peer1.org1:7051",
      CORE_PEER_GOSSIP_ENDPOINT: "peer1.internal:7051",
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: "peer1.example.com:443",
      CORE_PEER_LOCALMSPID: "Org1MSP",
      CORE_PEER_MSPCONFIGPATH: "/etc/msp",
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "200ms",
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "1.5s",
      CORE_PEER_GOSSIP_RECONNECTINTERVAL: "1m30s",
      CORE_PEER_GOSSIP_MAXCONNECTIONATTEMPTS: "7",
      CORE_PEER_GOSSIP_PROPAGATEPEERNUM: "4",
      CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: "1s",
      CORE_PEER_GOSSIP_DIALTIMEOUT: "500ms",
      CORE_PEER_GOSSIP_CONNTIMEOUT: "750ms",
      CORE_PEER_GOSSIP_SENDBUFFSIZE: "10",
      CORE_PEER_GOSSIP_RECVBUFFSIZE: "11",
      CORE_PEER_GOSSIP_MSGEXPIRATIONFACTOR: "3",
      CORE_PEER_GOSSIP_PULLINTERVAL: "2s",
      CORE_PEER_GOSSIP_PULLPEERNUM: "2",
      CORE_PEER_GOSSIP_MEMBERSHIPACKTIMEOUT: "300ms",
      FGN_MAX_MESSAGE_SIZE: "65536",
      FGN_TRUSTED_MSPS: "Org2MSP=org2/msp,Org3MSP=/abs/org3",
      FABRIC_LOGGING_SPEC: "debug",
    });
    expect(config.peerId).toBe("peer1");
    expect(config.listenAddress).toBe("127.0.0.1:0");
    expect(config.gossip.endpoint).toBe("peer1.internal:7051");
    expect(config.gossip.externalEndpoint).toBe("peer1.example.com:443");
    expect(config.localMspId).toBe("Org1MSP");
    expect(config.mspConfigPath).toBe("/etc/msp");
    expect(config.gossip.timings).toEqual({
      ...FABRIC_DEFAULTS,
      aliveTimeInterval: 200,
      aliveExpirationTimeout: 1_500,
      reconnectInterval: 90_000,
      maxConnectionAttempts: 7,
      propagatePeerNum: 4,
      publishCertPeriod: 1_000,
      dialTimeout: 500,
      connTimeout: 750,
      sendBuffSize: 10,
      recvBuffSize: 11,
      msgExpirationFactor: 3,
      pullInterval: 2_000,
      pullPeerNum: 2,
      membershipAckTimeout: 300,
      maxMessageSize: 65_536,
    });
    expect(config.trustedMsps).toEqual([
      { mspId: "Org2MSP", dir: join(cwd, "org2/msp") },
      { mspId: "Org3MSP", dir: "/abs/org3" },
    ]);
    expect(formatLogSpec(config.logging.spec)).toBe("debug");
    expect(sources.CORE_PEER_GOSSIP_RECONNECTINTERVAL).toEqual({ value: "1m30s", source: "env" });
  });

  it.each([
    ["peer0:7051 peer1:7051  peer2:7051", ["peer0:7051", "peer1:7051", "peer2:7051"]],
    ["peer0:7051,peer1:7051, peer2:7051", ["peer0:7051", "peer1:7051", "peer2:7051"]],
    ["[::1]:7051,10.0.0.2:7051 peer0:7051,peer0:7051", ["[::1]:7051", "10.0.0.2:7051", "peer0:7051"]],
  ])("reads bootstrap list %j", (text, expected) => {
    expect(load({ CORE_PEER_GOSSIP_BOOTSTRAP: text }).config.gossip.bootstrap).toEqual(expected);
  });

  it("names the variable and the expected form for a bare-number duration", () => {
    const [err] = problems({ CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "5" });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.variable).toBe("CORE_PEER_GOSSIP_ALIVETIMEINTERVAL");
    expect(err?.value).toBe("5");
    expect(err?.source).toBe("env");
    expect(err?.message).toMatch(
      /^CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: expected a duration such as 500ms, 5s or 2m, got "5" \(a bare number has no unit/,
    );
  });

  it.each([
    ["CORE_PEER_GOSSIP_DIALTIMEOUT", "3 seconds", /expected a duration such as 500ms, 5s or 2m/],
    ["CORE_PEER_GOSSIP_MAXCONNECTIONATTEMPTS", "0", /expected an integer of at least 1, got "0"/],
    ["CORE_PEER_GOSSIP_PROPAGATEPEERNUM", "three", /expected an integer of at least 1/],
    ["CORE_PEER_GOSSIP_SENDBUFFSIZE", "-1", /expected an integer of at least 1/],
    ["CORE_PEER_GOSSIP_RECVBUFFSIZE", "0", /expected an integer of at least 1/],
    ["FGN_MAX_MESSAGE_SIZE", "4MB", /expected an integer from 1024 to 2147483647/],
    ["CORE_PEER_TLS_ENABLED", "yes", /expected true or false/],
    ["CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED", "enabled", /expected true or false/],
    ["CORE_PEER_ADDRESS", "peer0", /expected host:port .*port 1-65535/],
    ["CORE_PEER_LISTENADDRESS", "0.0.0.0:99999", /expected host:port .*0-65535/],
    ["CORE_PEER_GOSSIP_ENDPOINT", "peer0:0", /expected host:port/],
    ["CORE_PEER_GOSSIP_EXTERNALENDPOINT", "::1:7051", /\[::1\]:7051/],
    ["CORE_OPERATIONS_LISTENADDRESS", "localhost", /expected host:port/],
    [
      "CORE_PEER_GOSSIP_BOOTSTRAP",
      "peer0:7051 peer1",
      /list of host:port, got "peer0:7051 peer1" \("peer1": no port\)/,
    ],
    ["FGN_TRUSTED_MSPS", "Org2MSP", /MSPID=directory/],
    ["FABRIC_LOGGING_SPEC", "loud", /expected a Fabric logging spec/],
    ["FABRIC_LOGGING_FORMAT", "%{message}", /expected one of json, console/],
  ])("rejects %s=%j naming it and the expected form", (variable, value, message) => {
    const errs = problems({ [variable]: value });
    expect(errs).toHaveLength(1);
    expect(errs[0]?.variable).toBe(variable);
    expect(errs[0]?.message.startsWith(`${variable}: expected `)).toBe(true);
    expect(errs[0]?.message).toMatch(message);
  });

  it("reports every bad variable at once", () => {
    let thrown: unknown;
    try {
      load({
        CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "5",
        CORE_PEER_GOSSIP_PROPAGATEPEERNUM: "0",
        CORE_PEER_TLS_ENABLED: "maybe",
        CORE_PEER_ADDRESS: "nowhere",
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigErrors);
    const err = thrown as ConfigErrors;
    expect(err.errors.map((e) => e.variable).sort()).toEqual([
      "CORE_PEER_ADDRESS",
      "CORE_PEER_GOSSIP_ALIVETIMEINTERVAL",
      "CORE_PEER_GOSSIP_PROPAGATEPEERNUM",
      "CORE_PEER_TLS_ENABLED",
    ]);
    expect(err.message).toMatch(/^invalid configuration \(4 problems\):\n/);
    for (const e of err.errors) expect(err.message).toContain(e.message);
  });

  it("never echoes a rejected admin token", () => {
    const [err] = problems({ FGN_ADMIN_TOKEN: "has a space secret" });
    expect(err?.variable).toBe("FGN_ADMIN_TOKEN");
    expect(err?.value).toBeUndefined();
    expect(err?.message).not.toContain("secret");
  });
});

describe("checks across settings", () => {
  it("requires the alive expiration timeout to exceed the alive interval", () => {
    const [err] = problems({
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "10s",
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "10s",
    });
    expect(err?.reason).toBe("conflict");
    expect(err?.message).toBe(
      'CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: expected a duration longer than CORE_PEER_GOSSIP_ALIVETIMEINTERVAL (10s), got "10s"',
    );
  });

  it("does not pile a cross-check on top of an already reported variable", () => {
    const errs = problems({
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "1h",
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "x",
    });
    expect(errs.map((e) => e.variable)).toEqual(["CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT"]);
  });

  it("rejects gossip TLS enabled without certificate, key and root certificate files", () => {
    const errs = problems({ CORE_PEER_TLS_ENABLED: "true" });
    expect(errs.map((e) => [e.variable, e.reason])).toEqual([
      ["CORE_PEER_TLS_CERT_FILE", "missing"],
      ["CORE_PEER_TLS_KEY_FILE", "missing"],
      ["CORE_PEER_TLS_ROOTCERT_FILE", "missing"],
    ]);
    expect(errs[0]?.message).toMatch(
      /^CORE_PEER_TLS_CERT_FILE \(peer\.tls\.cert\.file\): expected .*CORE_PEER_TLS_ENABLED is true/,
    );
  });

  it("accepts gossip TLS with its files, resolved against the working directory", () => {
    const { config } = load({
      CORE_PEER_TLS_ENABLED: "TRUE",
      CORE_PEER_TLS_CERT_FILE: "tls/server.crt",
      CORE_PEER_TLS_KEY_FILE: "/abs/server.key",
      CORE_PEER_TLS_ROOTCERT_FILE: "tls/ca.crt",
      CORE_PEER_TLS_CLIENTAUTHREQUIRED: "1",
      CORE_PEER_TLS_CLIENTROOTCAS_FILES: "tls/a.crt, tls/b.crt",
    });
    expect(config.tls).toEqual({
      enabled: true,
      certFile: join(cwd, "tls/server.crt"),
      keyFile: "/abs/server.key",
      rootCertFile: join(cwd, "tls/ca.crt"),
      clientAuthRequired: true,
      clientRootCAs: [join(cwd, "tls/a.crt"), join(cwd, "tls/b.crt")],
    });
  });

  it("rejects operations TLS enabled without certificate and key, and client auth without CAs", () => {
    const errs = problems({
      CORE_OPERATIONS_TLS_ENABLED: "true",
      CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED: "true",
    });
    expect(errs.map((e) => e.variable)).toEqual([
      "CORE_OPERATIONS_TLS_CERT_FILE",
      "CORE_OPERATIONS_TLS_KEY_FILE",
      "CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES",
    ]);
  });

  it("rejects the admin server on the gossip port", () => {
    const [err] = problems({ CORE_PEER_LISTENADDRESS: "0.0.0.0:9443" });
    expect(err?.variable).toBe("CORE_OPERATIONS_LISTENADDRESS");
    expect(err?.reason).toBe("conflict");
  });

  it("warns about settings that are valid but probably unintended", () => {
    const { warnings, config } = load({
      FABRIC_LOGGING_SPEC: "gossip=debug:warning",
      FABRIC_LOGGING_FORMAT: "Console",
      CORE_PEER_TLS_CLIENTAUTHREQUIRED: "true",
      CORE_PEER_LOCALMSPID: "Org1MSP",
      FGN_TRUSTED_MSPS: "Org1MSP=/a,Org2MSP=/b",
      FGN_ADMIN_TOKEN: "short",
    });
    expect(formatLogSpec(config.logging.spec)).toBe("gossip=debug:warn");
    expect(config.logging.format).toBe("console");
    expect(config.trustedMsps).toEqual([{ mspId: "Org2MSP", dir: "/b" }]);
    const text = warnings.join("\n");
    expect(text).toMatch(/cannot be dialled/);
    expect(text).not.toMatch(/FABRIC_LOGGING/);
    expect(text).toMatch(/CORE_PEER_TLS_CLIENTAUTHREQUIRED is true but TLS is disabled/);
    expect(text).toMatch(/lists the local MSP Org1MSP/);
    expect(text).toMatch(/FGN_ADMIN_TOKEN is shorter/);
    expect(text).not.toContain("short\n");
  });
});

const CORE_YAML = `
peer:
  id: peer7.org1.example.com
  listenAddress: 0.0.0.0:17051
  address: peer7.org1.example.com:17051
  mspConfigPath: crypto/msp
  localMspId: Org1MSP
  unknownKey: ignored
  gossip:
    bootstrap:
      - peer0.org1.example.com:7051
      - peer1.org1.example.com:7051
    endpoint: peer7.internal:17051
    externalEndpoint:
    aliveTimeInterval: 2s
    aliveExpirationTimeout: 12s
    maxConnectionAttempts: 9
    sendBuffSize: "50"
    useLeaderElection: true
  tls:
    enabled: true
    cert:
      file: tls/server.crt
    key:
      file: tls/server.key
    rootcert:
      file: /etc/ca.crt
    clientAuthRequired: false
    clientRootCAs:
      files:
        - tls/client-ca.crt
operations:
  listenAddress: 127.0.0.1:19443
  tls:
    enabled: false
vm:
  endpoint: unix:///var/run/docker.sock
`;

describe("core.yaml", () => {
  it("reads the Fabric keys, resolving relative paths against the file's directory", () => {
    const file = write("config/core.yaml", CORE_YAML);
    const { config, sources, configFile } = load({}, { configFile: "config/core.yaml" });
    const dir = join(cwd, "config");
    expect(configFile).toBe(file);
    expect(config.peerId).toBe("peer7.org1.example.com");
    expect(config.listenAddress).toBe("0.0.0.0:17051");
    expect(config.peerAddress).toBe("peer7.org1.example.com:17051");
    expect(config.mspConfigPath).toBe(join(dir, "crypto/msp"));
    expect(config.localMspId).toBe("Org1MSP");
    expect(config.gossip.bootstrap).toEqual(["peer0.org1.example.com:7051", "peer1.org1.example.com:7051"]);
    expect(config.gossip.endpoint).toBe("peer7.internal:17051");
    expect(config.gossip.externalEndpoint).toBe("");
    expect(config.gossip.timings).toMatchObject({
      aliveTimeInterval: 2_000,
      aliveExpirationTimeout: 12_000,
      maxConnectionAttempts: 9,
      sendBuffSize: 50,
      reconnectInterval: FABRIC_DEFAULTS.reconnectInterval,
    });
    expect(config.tls).toEqual({
      enabled: true,
      certFile: join(dir, "tls/server.crt"),
      keyFile: join(dir, "tls/server.key"),
      rootCertFile: "/etc/ca.crt",
      clientAuthRequired: false,
      clientRootCAs: [join(dir, "tls/client-ca.crt")],
    });
    expect(config.operations.listenAddress).toBe("127.0.0.1:19443");
    expect(sources.CORE_PEER_ID).toEqual({ value: "peer7.org1.example.com", source: "file" });
    expect(sources.CORE_PEER_GOSSIP_RECONNECTINTERVAL?.source).toBe("default");
  });

  it("lets the environment override the file, resolving env paths against cwd", () => {
    write("config/core.yaml", CORE_YAML);
    const { config, sources } = load(
      {
        CORE_PEER_ID: "from-env",
        CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "3s",
        CORE_PEER_GOSSIP_BOOTSTRAP: "peer9:7051",
        CORE_PEER_MSPCONFIGPATH: "env/msp",
        CORE_PEER_TLS_ENABLED: "false",
      },
      { configFile: "config/core.yaml" },
    );
    expect(config.peerId).toBe("from-env");
    expect(config.gossip.timings.aliveTimeInterval).toBe(3_000);
    expect(config.gossip.timings.aliveExpirationTimeout).toBe(12_000);
    expect(config.gossip.bootstrap).toEqual(["peer9:7051"]);
    expect(config.mspConfigPath).toBe(join(cwd, "env/msp"));
    expect(config.tls.enabled).toBe(false);
    expect(sources.CORE_PEER_ID?.source).toBe("env");
    expect(sources.CORE_PEER_LOCALMSPID?.source).toBe("file");
  });

  it("accepts bootstrap as one space- or comma-separated string, and keys in any case", () => {
    write("core.yaml", "peer:\n  localmspid: Org9MSP\n  gossip:\n    bootstrap: a:1 b:2,c:3\n");
    const { config } = load({}, { configFile: "core.yaml" });
    expect(config.gossip.bootstrap).toEqual(["a:1", "b:2", "c:3"]);
    expect(config.localMspId).toBe("Org9MSP");
  });

  it("reports wrong types with the key path and file name", () => {
    write(
      "core.yaml",
      [
        "peer:",
        "  address: [a, b]",
        "  gossip:",
        "    aliveTimeInterval: 5",
        "    propagatePeerNum: many",
        "  tls:",
        "    enabled: sometimes",
        "operations: 7",
      ].join("\n"),
    );
    const errs = problems({}, { configFile: "core.yaml" });
    expect(errs.map((e) => e.message)).toEqual([
      expect.stringMatching(/^peer\.address \(core\.yaml\): expected host:port .*\(got a list\)$/),
      expect.stringMatching(
        /^peer\.gossip\.aliveTimeInterval \(core\.yaml\): expected a duration such as 500ms, 5s or 2m, got "5" \(a number has no unit/,
      ),
      'peer.gossip.propagatePeerNum (core.yaml): expected an integer of at least 1, got "many"',
      expect.stringMatching(/^peer\.tls\.enabled \(core\.yaml\): expected true or false/),
      "operations (core.yaml): expected a mapping of settings (got 7)",
    ]);
    expect(errs.every((e) => e.source === "file")).toBe(true);
  });

  it("reports a missing or malformed file", () => {
    expect(problems({}, { configFile: "nope.yaml" })[0]?.message).toMatch(
      /nope\.yaml: expected a readable Fabric core\.yaml \(no such file\)/,
    );
    write("bad.yaml", "peer:\n  id: [unclosed\n");
    expect(problems({}, { configFile: "bad.yaml" })[0]?.message).toMatch(/bad\.yaml: expected valid YAML/);
  });

  it("reads $FABRIC_CFG_PATH/core.yaml when no file is given", () => {
    write("fabric/core.yaml", "peer:\n  id: via-cfg-path\n");
    expect(load({ FABRIC_CFG_PATH: join(cwd, "fabric") }).config.peerId).toBe("via-cfg-path");
    expect(problems({ FABRIC_CFG_PATH: join(cwd, "empty") })[0]?.variable).toBe("FABRIC_CFG_PATH");
  });

  it("loads the shipped example", () => {
    const { config } = loadConfig({
      env: {},
      cwd,
      configFile: fileURLToPath(new URL("../../../examples/core.yaml", import.meta.url)),
    });
    expect(config.localMspId).toBe("Org1MSP");
    expect(config.gossip.timings).toEqual(FABRIC_DEFAULTS);
  });
});

describe(".env", () => {
  it("is read from the working directory", () => {
    const path = write(".env", "CORE_PEER_ID=from-dotenv\nCORE_PEER_GOSSIP_PULLINTERVAL=1s\n");
    const { config, sources, dotenvFile } = load({});
    expect(dotenvFile).toBe(path);
    expect(config.peerId).toBe("from-dotenv");
    expect(config.gossip.timings.pullInterval).toBe(1_000);
    expect(sources.CORE_PEER_ID).toEqual({ value: "from-dotenv", source: "dotenv" });
  });

  it("does not override the real environment", () => {
    write(".env", "CORE_PEER_ID=from-dotenv\nCORE_PEER_LOCALMSPID=DotenvMSP\n");
    const { config, sources } = load({ CORE_PEER_ID: "from-env" });
    expect(config.peerId).toBe("from-env");
    expect(sources.CORE_PEER_ID?.source).toBe("env");
    expect(config.localMspId).toBe("DotenvMSP");
  });

  it("overrides core.yaml", () => {
    write("core.yaml", "peer:\n  id: from-file\n  localMspId: FileMSP\n");
    write(".env", "CORE_PEER_ID=from-dotenv\n");
    const { config } = load({}, { configFile: "core.yaml" });
    expect(config.peerId).toBe("from-dotenv");
    expect(config.localMspId).toBe("FileMSP");
  });

  it("names the .env in errors", () => {
    write(".env", "CORE_PEER_GOSSIP_DIALTIMEOUT=3\nbroken line\n");
    const errs = problems({});
    expect(errs.map((e) => e.message)).toEqual([
      `${join(cwd, ".env")} line 2: expected KEY=value, optionally quoted, or a # comment`,
      expect.stringMatching(/^CORE_PEER_GOSSIP_DIALTIMEOUT \(\.env\): expected a duration/),
    ]);
  });

  it("can be turned off or pointed elsewhere", () => {
    write(".env", "CORE_PEER_ID=default-dotenv\n");
    write("other.env", "CORE_PEER_ID=other-dotenv\n");
    expect(load({}, { dotenv: false }).config.peerId).toBe("peer0");
    expect(load({}, { dotenv: "other.env" }).config.peerId).toBe("other-dotenv");
  });
});
