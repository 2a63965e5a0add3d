// Builds a NodeConfig from, strongest first: the real environment, a .env file in
// the working directory, a Fabric core.yaml, and the defaults (Fabric's, from
// FABRIC_DEFAULTS). Every problem is collected and thrown together as ConfigErrors.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CoreYaml, lookupKey, readCoreYaml } from "./core-yaml.js";
import { readDotenv } from "./dotenv.js";
import { ConfigError, ConfigErrors, type ConfigSource } from "./errors.js";
import type { GossipTimings } from "./gossip-config.js";
import type { NodeConfig } from "./node-config.js";
import { InvalidValueError, isUnspecifiedHost, parseHostPort } from "./values.js";
import type { Variable } from "./variables.js";
import * as V from "./variables.js";

export interface LoadConfigOptions {
  /** The environment, usually process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** A Fabric core.yaml, relative to cwd. When absent, FABRIC_CFG_PATH/core.yaml is read if FABRIC_CFG_PATH is set. */
  configFile?: string;
  /** Directory relative paths from the environment are resolved against, and where .env is looked for. */
  cwd: string;
  /** true (default): read cwd/.env when present; a path: read that file when present; false: no .env. */
  dotenv?: boolean | string;
}

export interface SourcedValue {
  value: string;
  source: ConfigSource;
}

export interface LoadedConfig {
  config: NodeConfig;
  /** Effective value and origin of every variable, keyed by environment variable name; secrets are "***". */
  sources: Record<string, SourcedValue>;
  /** Settings that are valid but probably not what the operator meant. */
  warnings: string[];
  /** Absolute path of the core.yaml that was read, if any. */
  configFile?: string;
  /** Absolute path of the .env that was read, if any. */
  dotenvFile?: string;
}

interface Origin {
  source: ConfigSource;
  /** What the operator edits: the variable name, or the core.yaml key path. */
  variable: string;
  where?: string;
}

const SHORT_TOKEN = 16;

/** Loads and validates the configuration; throws ConfigErrors listing every problem found. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const { env, cwd } = options;
  const problems: ConfigError[] = [];
  const warnings: string[] = [];
  const sources: Record<string, SourcedValue> = {};
  const origins = new Map<string, Origin>();
  const failed = new Set<string>();

  // .env
  let dotenvFile: string | undefined;
  let dotenvValues: Record<string, string> = {};
  if (options.dotenv !== false) {
    const path = resolve(cwd, typeof options.dotenv === "string" ? options.dotenv : ".env");
    const dotenv = readDotenv(path);
    if (dotenv !== undefined) {
      dotenvFile = path;
      dotenvValues = dotenv.values;
      problems.push(...dotenv.problems);
    }
  }

  // As with viper, an empty variable counts as unset.
  const fromEnvironment = (name: string): { text: string; source: "env" | "dotenv" } | undefined => {
    const real = env[name]?.trim();
    if (real !== undefined && real !== "") return { text: real, source: "env" };
    const dot = dotenvValues[name]?.trim();
    if (dot !== undefined && dot !== "") return { text: dot, source: "dotenv" };
    return undefined;
  };

  // core.yaml
  let file: CoreYaml | undefined;
  const cfgPath = fromEnvironment("FABRIC_CFG_PATH");
  const configFile =
    options.configFile ?? (cfgPath === undefined ? undefined : join(cfgPath.text, "core.yaml"));
  if (
    options.configFile === undefined &&
    cfgPath !== undefined &&
    !existsSync(resolve(cwd, cfgPath.text, "core.yaml"))
  ) {
    problems.push(
      new ConfigError({
        reason: "unreadable",
        variable: "FABRIC_CFG_PATH",
        expected: "a directory holding core.yaml",
        value: cfgPath.text,
        ...(cfgPath.source === "dotenv"
          ? { where: ".env", source: "dotenv" as const }
          : { source: "env" as const }),
      }),
    );
  } else if (configFile !== undefined) {
    try {
      file = readCoreYaml(configFile, cwd);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err);
    }
  }
  const badSections = new Set<string>();

  function read<T>(v: Variable<T>): T {
    const fail = (origin: Origin, err: unknown, value: string | undefined): T => {
      if (!(err instanceof InvalidValueError)) throw err;
      const { expected, hint } = err;
      problems.push(
        new ConfigError({
          variable: origin.variable,
          expected,
          source: origin.source,
          ...(origin.where === undefined ? {} : { where: origin.where }),
          ...(value === undefined || v.secret ? {} : { value }),
          ...(hint === undefined ? {} : { hint }),
        }),
      );
      failed.add(v.env);
      return useDefault();
    };
    const accept = (origin: Origin, value: T): T => {
      origins.set(v.env, origin);
      sources[v.env] = { value: v.secret ? "***" : v.format(value), source: origin.source };
      return value;
    };
    const useDefault = (): T => {
      const value = v.resolvePaths(v.defaultValue, cwd);
      sources[v.env] = { value: v.format(value), source: "default" };
      origins.set(v.env, { source: "default", variable: v.env });
      return value;
    };

    const given = fromEnvironment(v.env);
    if (given !== undefined) {
      const origin: Origin =
        given.source === "dotenv"
          ? { source: "dotenv", variable: v.env, where: ".env" }
          : { source: "env", variable: v.env };
      try {
        return accept(origin, v.resolvePaths(v.fromText(given.text), cwd));
      } catch (err) {
        return fail(origin, err, given.text);
      }
    }
    if (file !== undefined && v.key !== undefined) {
      const found = lookupKey(file.root, v.key);
      if (found.kind === "not-a-mapping") {
        if (!badSections.has(found.at)) {
          badSections.add(found.at);
          problems.push(
            new ConfigError({
              variable: found.at,
              where: file.name,
              source: "file",
              expected: "a mapping of settings",
              hint: `got ${Array.isArray(found.value) ? "a list" : JSON.stringify(found.value)}`,
            }),
          );
        }
        failed.add(v.env);
        return useDefault();
      }
      if (found.kind === "value") {
        const origin: Origin = { source: "file", variable: v.key, where: file.name };
        try {
          return accept(origin, v.resolvePaths(v.fromYaml(found.value), file.dir));
        } catch (err) {
          const shown = typeof found.value === "object" ? undefined : String(found.value);
          return fail(origin, err, shown);
        }
      }
    }
    return useDefault();
  }

  const peerId = read(V.PEER_ID);
  const localMspId = read(V.LOCAL_MSP_ID);
  const mspConfigPath = read(V.MSP_CONFIG_PATH);
  const trustedMsps = read(V.TRUSTED_MSPS);
  const listenAddress = read(V.LISTEN_ADDRESS);
  const peerAddress = read(V.PEER_ADDRESS);
  let endpoint = read(V.GOSSIP_ENDPOINT);
  if (endpoint === "") {
    endpoint = peerAddress;
    sources[V.GOSSIP_ENDPOINT.env] = { value: peerAddress, source: "default" };
  }
  const externalEndpoint = read(V.GOSSIP_EXTERNAL_ENDPOINT);
  const bootstrap = read(V.GOSSIP_BOOTSTRAP);

  const timings: GossipTimings = {
    aliveTimeInterval: read(V.ALIVE_TIME_INTERVAL),
    aliveExpirationTimeout: read(V.ALIVE_EXPIRATION_TIMEOUT),
    reconnectInterval: read(V.RECONNECT_INTERVAL),
    maxConnectionAttempts: read(V.MAX_CONNECTION_ATTEMPTS),
    membershipAckTimeout: read(V.MEMBERSHIP_ACK_TIMEOUT),
    msgExpirationFactor: read(V.MSG_EXPIRATION_FACTOR),
    propagatePeerNum: read(V.PROPAGATE_PEER_NUM),
    publishCertPeriod: read(V.PUBLISH_CERT_PERIOD),
    pullInterval: read(V.PULL_INTERVAL),
    pullPeerNum: read(V.PULL_PEER_NUM),
    pullDigestWait: read(V.PULL_DIGEST_WAIT),
    pullRequestWait: read(V.PULL_REQUEST_WAIT),
    pullResponseWait: read(V.PULL_RESPONSE_WAIT),
    dialTimeout: read(V.DIAL_TIMEOUT),
    connTimeout: read(V.CONN_TIMEOUT),
    sendBuffSize: read(V.SEND_BUFF_SIZE),
    recvBuffSize: read(V.RECV_BUFF_SIZE),
    maxMessageSize: read(V.MAX_MESSAGE_SIZE),
  };

  const maxInboundConnections = read(V.MAX_INBOUND_CONNECTIONS);
  const admission = {
    // 0: comm derives it from the open-files limit.
    ...(maxInboundConnections > 0 ? { maxInboundConnections } : {}),
    maxPendingHandshakes: read(V.MAX_PENDING_HANDSHAKES),
    maxPendingHandshakesPerAddress: read(V.MAX_PENDING_HANDSHAKES_PER_ADDRESS),
    maxUnauthenticatedPerAddress: read(V.MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS),
  };

  const tlsEnabled = read(V.TLS_ENABLED);
  const tlsCertFile = read(V.TLS_CERT_FILE);
  const tlsKeyFile = read(V.TLS_KEY_FILE);
  const tlsRootCertFile = read(V.TLS_ROOTCERT_FILE);
  const tlsClientAuthRequired = read(V.TLS_CLIENT_AUTH_REQUIRED);
  const tlsClientRootCAs = read(V.TLS_CLIENT_ROOT_CAS);

  const opsListenAddress = read(V.OPERATIONS_LISTEN_ADDRESS);
  const opsTlsEnabled = read(V.OPERATIONS_TLS_ENABLED);
  const opsCertFile = read(V.OPERATIONS_TLS_CERT_FILE);
  const opsKeyFile = read(V.OPERATIONS_TLS_KEY_FILE);
  const opsClientAuthRequired = read(V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED);
  const opsClientRootCAs = read(V.OPERATIONS_TLS_CLIENT_ROOT_CAS);
  const adminToken = read(V.ADMIN_TOKEN);

  const logSpec = read(V.LOGGING_SPEC);
  const logFormat = read(V.LOGGING_FORMAT);

  // ---- checks across settings; skipped when a setting involved was already reported
  const ok = (...vs: Variable<unknown>[]) => vs.every((v) => !failed.has(v.env));
  const label = (v: Variable<unknown>): Origin =>
    origins.get(v.env) ?? { source: "default", variable: v.env };
  const conflict = (v: Variable<unknown>, expected: string, value: string) => {
    const o = label(v);
    problems.push(
      new ConfigError({
        reason: "conflict",
        variable: o.variable,
        expected,
        value,
        source: o.source,
        ...(o.where === undefined ? {} : { where: o.where }),
      }),
    );
  };
  const requireSet = (
    v: Variable<string | undefined>,
    value: string | undefined,
    what: string,
    because: string,
  ) => {
    if (value !== undefined || !ok(v)) return;
    problems.push(
      new ConfigError({
        reason: "missing",
        variable: v.env,
        ...(v.key === undefined ? {} : { where: v.key }),
        expected: `${what}, since ${because}`,
      }),
    );
  };

  if (
    ok(V.ALIVE_TIME_INTERVAL, V.ALIVE_EXPIRATION_TIMEOUT) &&
    timings.aliveExpirationTimeout <= timings.aliveTimeInterval
  ) {
    conflict(
      V.ALIVE_EXPIRATION_TIMEOUT,
      `a duration longer than ${label(V.ALIVE_TIME_INTERVAL).variable} (${sources[V.ALIVE_TIME_INTERVAL.env]?.value})`,
      sources[V.ALIVE_EXPIRATION_TIMEOUT.env]?.value ?? "",
    );
  }

  if (tlsEnabled) {
    const because = `${V.TLS_ENABLED.env} is true`;
    requireSet(V.TLS_CERT_FILE, tlsCertFile, "a PEM certificate file", because);
    requireSet(V.TLS_KEY_FILE, tlsKeyFile, "a PEM private key file", because);
    requireSet(V.TLS_ROOTCERT_FILE, tlsRootCertFile, "a PEM CA file to verify dialled peers", because);
  } else if (tlsClientAuthRequired) {
    warnings.push(`${V.TLS_CLIENT_AUTH_REQUIRED.env} is true but TLS is disabled: it has no effect`);
  }

  if (opsTlsEnabled) {
    const because = `${V.OPERATIONS_TLS_ENABLED.env} is true`;
    requireSet(V.OPERATIONS_TLS_CERT_FILE, opsCertFile, "a PEM certificate file", because);
    requireSet(V.OPERATIONS_TLS_KEY_FILE, opsKeyFile, "a PEM private key file", because);
    if (opsClientAuthRequired && opsClientRootCAs.length === 0 && ok(V.OPERATIONS_TLS_CLIENT_ROOT_CAS)) {
      problems.push(
        new ConfigError({
          reason: "missing",
          variable: V.OPERATIONS_TLS_CLIENT_ROOT_CAS.env,
          where: V.OPERATIONS_TLS_CLIENT_ROOT_CAS.key as string,
          expected: `at least one PEM CA file, since ${V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED.env} is true`,
        }),
      );
    }
  } else if (opsClientAuthRequired) {
    warnings.push(
      `${V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED.env} is true but operations TLS is disabled: it has no effect`,
    );
  }

  if (ok(V.LISTEN_ADDRESS, V.OPERATIONS_LISTEN_ADDRESS)) {
    const gossip = parseHostPort(listenAddress, { allowPortZero: true });
    const ops = parseHostPort(opsListenAddress, { allowPortZero: true });
    const overlap = gossip.host === ops.host || isUnspecifiedHost(gossip.host) || isUnspecifiedHost(ops.host);
    if (gossip.port !== 0 && gossip.port === ops.port && overlap) {
      conflict(V.OPERATIONS_LISTEN_ADDRESS, `a port other than ${V.LISTEN_ADDRESS.env}'s`, opsListenAddress);
    }
  }

  // ---- valid, but probably not meant
  if (ok(V.GOSSIP_ENDPOINT, V.PEER_ADDRESS) && isUnspecifiedHost(parseHostPort(endpoint).host)) {
    warnings.push(
      `gossip endpoint ${endpoint} cannot be dialled by other peers: set ${V.GOSSIP_ENDPOINT.env} or ${V.PEER_ADDRESS.env} to a reachable host`,
    );
  }
  if (externalEndpoint !== "" && isUnspecifiedHost(parseHostPort(externalEndpoint).host)) {
    warnings.push(
      `${V.GOSSIP_EXTERNAL_ENDPOINT.env} ${externalEndpoint} cannot be dialled by other organisations`,
    );
  }
  if (trustedMsps.some((t) => t.mspId === localMspId)) {
    warnings.push(
      `${V.TRUSTED_MSPS.env} lists the local MSP ${localMspId}; its CAs come from ${V.MSP_CONFIG_PATH.env}, the entry is ignored`,
    );
  }
  if (adminToken !== undefined && adminToken.length < SHORT_TOKEN) {
    warnings.push(`${V.ADMIN_TOKEN.env} is shorter than ${SHORT_TOKEN} characters: easy to guess`);
  }

  if (problems.length > 0) throw new ConfigErrors(problems);

  const config: NodeConfig = {
    peerId,
    listenAddress,
    peerAddress,
    gossip: { endpoint, externalEndpoint, bootstrap, timings, admission },
    localMspId,
    mspConfigPath,
    trustedMsps: trustedMsps.filter((t) => t.mspId !== localMspId),
    tls: {
      enabled: tlsEnabled,
      ...optional({ certFile: tlsCertFile, keyFile: tlsKeyFile, rootCertFile: tlsRootCertFile }),
      clientAuthRequired: tlsClientAuthRequired,
      clientRootCAs: tlsClientRootCAs,
    },
    operations: {
      listenAddress: opsListenAddress,
      tls: {
        enabled: opsTlsEnabled,
        ...optional({ certFile: opsCertFile, keyFile: opsKeyFile }),
        clientAuthRequired: opsClientAuthRequired,
        clientRootCAs: opsClientRootCAs,
      },
      ...optional({ adminToken }),
    },
    logging: { spec: logSpec, format: logFormat },
  };

  return {
    config,
    sources,
    warnings,
    ...(file === undefined ? {} : { configFile: file.path }),
    ...(dotenvFile === undefined ? {} : { dotenvFile }),
  };
}

/** Drops undefined entries so optional fields are absent rather than present-and-undefined. */
function optional<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}
