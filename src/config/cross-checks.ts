// Phase 3 of loading: checks across settings, each valid alone. A check is skipped
// when a setting it involves was already refused, so one mistake is reported once.
// Problems stop the node; warnings are valid settings that are probably not meant.
import { isUnspecifiedHost, parseHostPort } from "../util/host-port.js";
import { ConfigError } from "./errors.js";
import type { ParsedVariables } from "./parse-variables.js";
import type { Variable } from "./variables.js";
import * as V from "./variables.js";

interface CheckFindings {
  problems: ConfigError[];
  warnings: string[];
}

type CrossCheck = (p: ParsedVariables, out: CheckFindings) => void;

const SHORT_TOKEN = 16;

function conflict(p: ParsedVariables, v: Variable<unknown>, expected: string, value: string): ConfigError {
  const o = p.origin(v);
  return new ConfigError({
    reason: "conflict",
    variable: o.variable,
    expected,
    value,
    source: o.source,
    ...(o.where === undefined ? {} : { where: o.where }),
  });
}

function missing(v: Variable<unknown>, expected: string): ConfigError {
  return new ConfigError({
    reason: "missing",
    variable: v.env,
    ...(v.key === undefined ? {} : { where: v.key }),
    expected,
  });
}

/** Each of `files` must be set when `flag` is on. */
function requireFiles(
  p: ParsedVariables,
  out: CheckFindings,
  flag: Variable<boolean>,
  files: Array<[Variable<string | undefined>, string]>,
): void {
  const because = `${flag.env} is true`;
  for (const [v, what] of files) {
    if (p.get(v) === undefined && p.ok(v)) out.problems.push(missing(v, `${what}, since ${because}`));
  }
}

const aliveExpiryExceedsInterval: CrossCheck = (p, out) => {
  if (!p.ok(V.ALIVE_TIME_INTERVAL, V.ALIVE_EXPIRATION_TIMEOUT)) return;
  if (p.get(V.ALIVE_EXPIRATION_TIMEOUT) > p.get(V.ALIVE_TIME_INTERVAL)) return;
  const interval = p.sources[V.ALIVE_TIME_INTERVAL.env]?.value;
  const expected = `a duration longer than ${p.origin(V.ALIVE_TIME_INTERVAL).variable} (${interval})`;
  const value = p.sources[V.ALIVE_EXPIRATION_TIMEOUT.env]?.value ?? "";
  out.problems.push(conflict(p, V.ALIVE_EXPIRATION_TIMEOUT, expected, value));
};

const gossipTlsFiles: CrossCheck = (p, out) => {
  if (!p.get(V.TLS_ENABLED)) {
    if (p.get(V.TLS_CLIENT_AUTH_REQUIRED)) {
      out.warnings.push(`${V.TLS_CLIENT_AUTH_REQUIRED.env} is true but TLS is disabled: it has no effect`);
    }
    return;
  }
  requireFiles(p, out, V.TLS_ENABLED, [
    [V.TLS_CERT_FILE, "a PEM certificate file"],
    [V.TLS_KEY_FILE, "a PEM private key file"],
    [V.TLS_ROOTCERT_FILE, "a PEM CA file to verify dialled peers"],
  ]);
};

const operationsTlsFiles: CrossCheck = (p, out) => {
  const clientAuth = p.get(V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED);
  if (!p.get(V.OPERATIONS_TLS_ENABLED)) {
    if (clientAuth) {
      out.warnings.push(
        `${V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED.env} is true but operations TLS is disabled: it has no effect`,
      );
    }
    return;
  }
  requireFiles(p, out, V.OPERATIONS_TLS_ENABLED, [
    [V.OPERATIONS_TLS_CERT_FILE, "a PEM certificate file"],
    [V.OPERATIONS_TLS_KEY_FILE, "a PEM private key file"],
  ]);
  const roots = V.OPERATIONS_TLS_CLIENT_ROOT_CAS;
  if (clientAuth && p.get(roots).length === 0 && p.ok(roots)) {
    const because = `${V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED.env} is true`;
    out.problems.push(missing(roots, `at least one PEM CA file, since ${because}`));
  }
};

const distinctListenPorts: CrossCheck = (p, out) => {
  if (!p.ok(V.LISTEN_ADDRESS, V.OPERATIONS_LISTEN_ADDRESS)) return;
  const opsAddress = p.get(V.OPERATIONS_LISTEN_ADDRESS);
  const gossip = parseHostPort(p.get(V.LISTEN_ADDRESS), { allowPortZero: true });
  const ops = parseHostPort(opsAddress, { allowPortZero: true });
  const overlap = gossip.host === ops.host || isUnspecifiedHost(gossip.host) || isUnspecifiedHost(ops.host);
  if (gossip.port !== 0 && gossip.port === ops.port && overlap) {
    const expected = `a port other than ${V.LISTEN_ADDRESS.env}'s`;
    out.problems.push(conflict(p, V.OPERATIONS_LISTEN_ADDRESS, expected, opsAddress));
  }
};

const dialableEndpoints: CrossCheck = (p, out) => {
  const endpoint = p.get(V.GOSSIP_ENDPOINT);
  if (p.ok(V.GOSSIP_ENDPOINT, V.PEER_ADDRESS) && isUnspecifiedHost(parseHostPort(endpoint).host)) {
    out.warnings.push(
      `gossip endpoint ${endpoint} cannot be dialled by other peers: set ${V.GOSSIP_ENDPOINT.env} or ${V.PEER_ADDRESS.env} to a reachable host`,
    );
  }
  const external = p.get(V.GOSSIP_EXTERNAL_ENDPOINT);
  if (external !== "" && isUnspecifiedHost(parseHostPort(external).host)) {
    out.warnings.push(
      `${V.GOSSIP_EXTERNAL_ENDPOINT.env} ${external} cannot be dialled by other organisations`,
    );
  }
};

const localMspNotTrustedTwice: CrossCheck = (p, out) => {
  const local = p.get(V.LOCAL_MSP_ID);
  if (p.get(V.TRUSTED_MSPS).some((t) => t.mspId === local)) {
    out.warnings.push(
      `${V.TRUSTED_MSPS.env} lists the local MSP ${local}; its CAs come from ${V.MSP_CONFIG_PATH.env}, the entry is ignored`,
    );
  }
};

const adminToken: CrossCheck = (p, out) => {
  const token = p.get(V.ADMIN_TOKEN);
  if (token !== undefined && token.length < SHORT_TOKEN) {
    out.warnings.push(`${V.ADMIN_TOKEN.env} is shorter than ${SHORT_TOKEN} characters: easy to guess`);
  }
};

/** Every cross-check, in the order their findings are reported. */
const CROSS_CHECKS: readonly CrossCheck[] = [
  aliveExpiryExceedsInterval,
  gossipTlsFiles,
  operationsTlsFiles,
  distinctListenPorts,
  dialableEndpoints,
  localMspNotTrustedTwice,
  adminToken,
];

export function crossCheck(p: ParsedVariables): CheckFindings {
  const out: CheckFindings = { problems: [], warnings: [] };
  for (const check of CROSS_CHECKS) check(p, out);
  return out;
}
