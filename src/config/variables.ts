// Every setting this node reads: its environment variable (Fabric's name where
// Fabric has the setting), its core.yaml key, its default and how its text is
// parsed. The loader, describeConfig and the documentation all walk this table.
import { isAbsolute, resolve } from "node:path";
import { ADMISSION_DEFAULTS } from "../comm/inbound-admission.js";
import { LOG_FORMATS, type LogFormat } from "../observability/log-format.js";
import { formatLogSpec, type LogSpec, LogSpecError, parseLogSpec } from "../observability/log-spec.js";
import { FABRIC_DEFAULTS } from "./gossip-config.js";
import {
  BOOLEAN_FORM,
  DURATION_FORM,
  formatDuration,
  hostPortForm,
  InvalidValueError,
  parseBoolean,
  parseDuration,
  parseHostPort,
  parseInteger,
  parseTrustedMsps,
  splitList,
} from "./values.js";

export type VariableGroup = "identity" | "gossip" | "timings" | "tls" | "operations" | "logging";

/** One setting. Methods (not function properties) so a Variable<string> is usable as Variable<unknown>. */
export interface Variable<T> {
  /** Environment variable name; also the key of `sources`. */
  readonly env: string;
  /** Dotted core.yaml key path (matched case-insensitively, as viper does); absent for env-only settings. */
  readonly key?: string;
  readonly group: VariableGroup;
  /** One line for operators: what it does and what changing it trades off. */
  readonly meaning: string;
  /** The accepted form, as documentation. */
  readonly form: string;
  readonly defaultValue: T;
  /** The default as documented, when it is not simply the formatted default value. */
  readonly defaultText?: string;
  /** Never echoed: describeConfig and error messages show "***". */
  readonly secret?: boolean;
  fromText(text: string): T;
  fromYaml(value: unknown): T;
  /** Makes relative paths absolute against the directory of whatever supplied the value. */
  resolvePaths(value: T, baseDir: string): T;
  format(value: T): string;
}

type Spec<T> = Pick<
  Variable<T>,
  "env" | "key" | "group" | "meaning" | "defaultValue" | "defaultText" | "secret"
>;

function describeYamlKind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  return typeof value;
}

/** core.yaml scalars become text; lists and mappings are refused with the form expected. */
function yamlScalar(value: unknown, form: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  throw new InvalidValueError(form, `got ${describeYamlKind(value)}`);
}

const identity = <T>(value: T): T => value;
const resolvePath = (path: string, baseDir: string): string =>
  isAbsolute(path) ? path : resolve(baseDir, path);

function scalar<T>(
  spec: Spec<T>,
  form: string,
  fromText: (text: string) => T,
  format: (value: T) => string,
  resolvePaths: (value: T, baseDir: string) => T = identity,
): Variable<T> {
  return {
    ...spec,
    form,
    fromText,
    fromYaml: (value) => fromText(yamlScalar(value, form)),
    resolvePaths,
    format,
  };
}

function text(spec: Spec<string>): Variable<string> {
  return scalar(spec, "text", nonEmpty, String);
}

function nonEmpty(value: string): string {
  const s = value.trim();
  if (s === "") throw new InvalidValueError("a non-empty value");
  return s;
}

function address(spec: Spec<string>, options: { listen?: boolean } = {}): Variable<string> {
  const allowPortZero = options.listen ?? false;
  return scalar(
    spec,
    hostPortForm(allowPortZero),
    (t) => {
      parseHostPort(t, { allowPortZero });
      return t.trim();
    },
    String,
  );
}

function optionalAddress(spec: Spec<string>): Variable<string> {
  return scalar(
    spec,
    `${hostPortForm(false)}, or empty`,
    (t) => {
      if (t.trim() !== "") parseHostPort(t);
      return t.trim();
    },
    String,
  );
}

function duration(spec: Spec<number>): Variable<number> {
  return {
    ...scalar(spec, DURATION_FORM, parseDuration, formatDuration),
    fromYaml(value: unknown): number {
      // viper would read a YAML number as nanoseconds; nobody means that.
      if (typeof value === "number")
        throw new InvalidValueError(DURATION_FORM, "a number has no unit; write 5s, not 5");
      return parseDuration(yamlScalar(value, DURATION_FORM));
    },
  };
}

function integer(spec: Spec<number>, min: number, max?: number): Variable<number> {
  const form = max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  return scalar(spec, form, (t) => parseInteger(t, min, max), String);
}

function boolean(spec: Spec<boolean>): Variable<boolean> {
  return scalar(spec, BOOLEAN_FORM, parseBoolean, String);
}

function path(spec: Spec<string>): Variable<string> {
  return scalar(spec, "a file or directory path", nonEmpty, String, resolvePath);
}

function optionalPath(spec: Spec<string | undefined>): Variable<string | undefined> {
  return scalar<string | undefined>(
    spec,
    "a file or directory path",
    nonEmpty,
    (v) => v ?? "",
    (v, baseDir) => (v === undefined ? v : resolvePath(v, baseDir)),
  );
}

/** A space- or comma-separated list in text; a YAML list or such a string in core.yaml. */
function list(spec: Spec<string[]>, itemForm: string, checkItem: (item: string) => void): Variable<string[]> {
  const form = `a space- or comma-separated list of ${itemForm}`;
  const fromItems = (items: string[]): string[] => {
    for (const item of items) {
      try {
        checkItem(item);
      } catch (err) {
        if (!(err instanceof InvalidValueError)) throw err;
        throw new InvalidValueError(
          form,
          `${JSON.stringify(item)}: ${err.hint ?? `expected ${err.expected}`}`,
        );
      }
    }
    return [...new Set(items)];
  };
  return {
    ...spec,
    form,
    fromText: (t) => fromItems(splitList(t)),
    fromYaml(value: unknown): string[] {
      if (!Array.isArray(value)) return fromItems(splitList(yamlScalar(value, form)));
      return fromItems(value.flatMap((item) => splitList(yamlScalar(item, form))));
    },
    resolvePaths: identity,
    format: (v) => v.join(","),
  };
}

function pathList(spec: Spec<string[]>): Variable<string[]> {
  return {
    ...list(spec, "file paths", identity),
    resolvePaths: (v, baseDir) => v.map((p) => resolvePath(p, baseDir)),
  };
}

const ADMIN_TOKEN_FORM = "printable ASCII without spaces (it is sent in an HTTP Authorization header)";

// ---------------------------------------------------------------------------------------------
// Identity

export const PEER_ID = text({
  env: "CORE_PEER_ID",
  key: "peer.id",
  group: "identity",
  meaning: "Name of this node in logs, metrics and the admin API (Fabric's default is jdoe).",
  defaultValue: "peer0",
});

export const LOCAL_MSP_ID = text({
  env: "CORE_PEER_LOCALMSPID",
  key: "peer.localMspId",
  group: "identity",
  meaning: "MSP ID of this node's organisation; must match the mspid of its signing identity.",
  defaultValue: "SampleOrg",
});

export const MSP_CONFIG_PATH = path({
  env: "CORE_PEER_MSPCONFIGPATH",
  key: "peer.mspConfigPath",
  group: "identity",
  meaning:
    "Local MSP directory (signcerts/, keystore/, cacerts/, optional intermediatecerts/, config.yaml); relative to core.yaml's directory when set there, else to the working directory.",
  defaultValue: "msp",
});

export const TRUSTED_MSPS: Variable<Array<{ mspId: string; dir: string }>> = {
  env: "FGN_TRUSTED_MSPS",
  group: "identity",
  meaning:
    "Other organisations whose peers are accepted: MSPID=directory pairs; each directory holds cacerts/ and optional intermediatecerts/.",
  form: "a comma-separated list of MSPID=directory",
  defaultValue: [],
  defaultText: "(none: only the local org)",
  fromText: parseTrustedMsps,
  fromYaml: (value) => parseTrustedMsps(yamlScalar(value, "MSPID=directory pairs")),
  resolvePaths: (v, baseDir) => v.map((t) => ({ mspId: t.mspId, dir: resolvePath(t.dir, baseDir) })),
  format: (v) => v.map((t) => `${t.mspId}=${t.dir}`).join(","),
};

// ---------------------------------------------------------------------------------------------
// Gossip endpoints

export const LISTEN_ADDRESS = address(
  {
    env: "CORE_PEER_LISTENADDRESS",
    key: "peer.listenAddress",
    group: "gossip",
    meaning: "Address the gossip gRPC server binds; port 0 lets the OS pick one.",
    defaultValue: "0.0.0.0:7051",
  },
  { listen: true },
);

export const PEER_ADDRESS = address({
  env: "CORE_PEER_ADDRESS",
  key: "peer.address",
  group: "gossip",
  meaning: "Address other peers reach this node at; the default for the gossip endpoint.",
  defaultValue: "0.0.0.0:7051",
});

export const GOSSIP_ENDPOINT = optionalAddress({
  env: "CORE_PEER_GOSSIP_ENDPOINT",
  key: "peer.gossip.endpoint",
  group: "gossip",
  meaning: "Endpoint peers of this organisation dial, published in alive messages.",
  defaultValue: "",
  defaultText: "= CORE_PEER_ADDRESS",
});

export const GOSSIP_EXTERNAL_ENDPOINT = optionalAddress({
  env: "CORE_PEER_GOSSIP_EXTERNALENDPOINT",
  key: "peer.gossip.externalEndpoint",
  group: "gossip",
  meaning: "Endpoint published to other organisations; empty keeps this node invisible outside its org.",
  defaultValue: "",
  defaultText: "(empty: not visible to other orgs)",
});

export const GOSSIP_BOOTSTRAP = list(
  {
    env: "CORE_PEER_GOSSIP_BOOTSTRAP",
    key: "peer.gossip.bootstrap",
    group: "gossip",
    meaning: "Peers of the same organisation dialled at start to join the membership.",
    defaultValue: [],
    defaultText: "(none)",
  },
  "host:port",
  (item) => parseHostPort(item),
);

// ---------------------------------------------------------------------------------------------
// Gossip timings and limits; defaults from FABRIC_DEFAULTS.

const D = FABRIC_DEFAULTS;

export const ALIVE_TIME_INTERVAL = duration({
  env: "CORE_PEER_GOSSIP_ALIVETIMEINTERVAL",
  key: "peer.gossip.aliveTimeInterval",
  group: "timings",
  meaning: "How often this node sends its alive message; lower detects failures sooner at more traffic.",
  defaultValue: D.aliveTimeInterval,
});

export const ALIVE_EXPIRATION_TIMEOUT = duration({
  env: "CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT",
  key: "peer.gossip.aliveExpirationTimeout",
  group: "timings",
  meaning:
    "Silence after which a member is declared dead (checked every tenth of it); must exceed the alive interval.",
  defaultValue: D.aliveExpirationTimeout,
});

export const RECONNECT_INTERVAL = duration({
  env: "CORE_PEER_GOSSIP_RECONNECTINTERVAL",
  key: "peer.gossip.reconnectInterval",
  group: "timings",
  meaning: "Pause between attempts to reach dead members and between unacknowledged membership requests.",
  defaultValue: D.reconnectInterval,
});

export const MAX_CONNECTION_ATTEMPTS = integer(
  {
    env: "CORE_PEER_GOSSIP_MAXCONNECTIONATTEMPTS",
    key: "peer.gossip.maxConnectionAttempts",
    group: "timings",
    meaning: "Attempts to handshake with, and to get an ack from, a bootstrap peer before giving up on it.",
    defaultValue: D.maxConnectionAttempts,
  },
  1,
);

export const MEMBERSHIP_ACK_TIMEOUT = duration({
  env: "CORE_PEER_GOSSIP_MEMBERSHIPACKTIMEOUT",
  key: "peer.gossip.membershipAckTimeout",
  group: "timings",
  meaning:
    "How long a membership request waits for its response (this node's setting; Fabric hard-codes 5s).",
  defaultValue: D.membershipAckTimeout,
});

export const MSG_EXPIRATION_FACTOR = integer(
  {
    env: "CORE_PEER_GOSSIP_MSGEXPIRATIONFACTOR",
    key: "peer.gossip.msgExpirationFactor",
    group: "timings",
    meaning: "Dead members and stored alive messages are forgotten after aliveExpirationTimeout times this.",
    defaultValue: D.msgExpirationFactor,
  },
  1,
);

export const PROPAGATE_PEER_NUM = integer(
  {
    env: "CORE_PEER_GOSSIP_PROPAGATEPEERNUM",
    key: "peer.gossip.propagatePeerNum",
    group: "timings",
    meaning: "Peers each gossiped message is forwarded to; higher spreads faster at more traffic.",
    defaultValue: D.propagatePeerNum,
  },
  1,
);

export const PUBLISH_CERT_PERIOD = duration({
  env: "CORE_PEER_GOSSIP_PUBLISHCERTPERIOD",
  key: "peer.gossip.publishCertPeriod",
  group: "timings",
  meaning: "How long after start this node attaches its certificate to its alive messages.",
  defaultValue: D.publishCertPeriod,
});

export const PULL_INTERVAL = duration({
  env: "CORE_PEER_GOSSIP_PULLINTERVAL",
  key: "peer.gossip.pullInterval",
  group: "timings",
  meaning: "Period of identity pull rounds.",
  defaultValue: D.pullInterval,
});

export const PULL_PEER_NUM = integer(
  {
    env: "CORE_PEER_GOSSIP_PULLPEERNUM",
    key: "peer.gossip.pullPeerNum",
    group: "timings",
    meaning: "Peers asked in each identity pull round.",
    defaultValue: D.pullPeerNum,
  },
  1,
);

export const PULL_DIGEST_WAIT = duration({
  env: "CORE_PEER_GOSSIP_DIGESTWAITTIME",
  key: "peer.gossip.digestWaitTime",
  group: "timings",
  meaning: "Identity pull: how long the initiator collects digests before requesting.",
  defaultValue: D.pullDigestWait,
});

export const PULL_REQUEST_WAIT = duration({
  env: "CORE_PEER_GOSSIP_REQUESTWAITTIME",
  key: "peer.gossip.requestWaitTime",
  group: "timings",
  meaning: "Identity pull: how long a responder remembers a pull nonce.",
  defaultValue: D.pullRequestWait,
});

export const PULL_RESPONSE_WAIT = duration({
  env: "CORE_PEER_GOSSIP_RESPONSEWAITTIME",
  key: "peer.gossip.responseWaitTime",
  group: "timings",
  meaning: "Identity pull: how long the initiator waits for the update.",
  defaultValue: D.pullResponseWait,
});

export const DIAL_TIMEOUT = duration({
  env: "CORE_PEER_GOSSIP_DIALTIMEOUT",
  key: "peer.gossip.dialTimeout",
  group: "timings",
  meaning: "Time to establish a gRPC connection to a peer.",
  defaultValue: D.dialTimeout,
});

export const CONN_TIMEOUT = duration({
  env: "CORE_PEER_GOSSIP_CONNTIMEOUT",
  key: "peer.gossip.connTimeout",
  group: "timings",
  meaning: "Time to receive the remote's handshake once a stream is open.",
  defaultValue: D.connTimeout,
});

export const SEND_BUFF_SIZE = integer(
  {
    env: "CORE_PEER_GOSSIP_SENDBUFFSIZE",
    key: "peer.gossip.sendBuffSize",
    group: "timings",
    meaning: "Outgoing messages queued per connection before new ones are dropped.",
    defaultValue: D.sendBuffSize,
  },
  1,
);

export const RECV_BUFF_SIZE = integer(
  {
    env: "CORE_PEER_GOSSIP_RECVBUFFSIZE",
    key: "peer.gossip.recvBuffSize",
    group: "timings",
    meaning: "Incoming messages queued per connection before new ones are dropped.",
    defaultValue: D.recvBuffSize,
  },
  1,
);

export const MAX_MESSAGE_SIZE = integer(
  {
    env: "FGN_MAX_MESSAGE_SIZE",
    group: "timings",
    meaning: "Largest gossip message accepted or sent, in bytes (Fabric allows 100 MiB).",
    defaultValue: D.maxMessageSize,
  },
  1024,
  2 ** 31 - 1,
);

// ---------------------------------------------------------------------------------------------
// Gossip TLS

export const TLS_ENABLED = boolean({
  env: "CORE_PEER_TLS_ENABLED",
  key: "peer.tls.enabled",
  group: "tls",
  meaning: "TLS on the gossip gRPC server and when dialling peers; needs the cert, key and root cert files.",
  defaultValue: false,
});

export const TLS_CERT_FILE = optionalPath({
  env: "CORE_PEER_TLS_CERT_FILE",
  key: "peer.tls.cert.file",
  group: "tls",
  meaning: "PEM TLS certificate of this node (server, and client when dialling).",
  defaultValue: undefined,
  defaultText: "(none)",
});

export const TLS_KEY_FILE = optionalPath({
  env: "CORE_PEER_TLS_KEY_FILE",
  key: "peer.tls.key.file",
  group: "tls",
  meaning: "PEM private key of the TLS certificate (the path is shown; the file is never read here).",
  defaultValue: undefined,
  defaultText: "(none)",
});

export const TLS_ROOTCERT_FILE = optionalPath({
  env: "CORE_PEER_TLS_ROOTCERT_FILE",
  key: "peer.tls.rootcert.file",
  group: "tls",
  meaning: "PEM CA certificate(s) that verify the peers this node dials.",
  defaultValue: undefined,
  defaultText: "(none)",
});

export const TLS_CLIENT_AUTH_REQUIRED = boolean({
  env: "CORE_PEER_TLS_CLIENTAUTHREQUIRED",
  key: "peer.tls.clientAuthRequired",
  group: "tls",
  meaning: "Require dialling peers to present a TLS client certificate (mutual TLS).",
  defaultValue: false,
});

export const TLS_CLIENT_ROOT_CAS = pathList({
  env: "CORE_PEER_TLS_CLIENTROOTCAS_FILES",
  key: "peer.tls.clientRootCAs.files",
  group: "tls",
  meaning: "PEM CA files that verify client certificates under mutual TLS.",
  defaultValue: [],
  defaultText: "(none)",
});

// ---------------------------------------------------------------------------------------------
// Operations (admin HTTP server)

export const OPERATIONS_LISTEN_ADDRESS = address(
  {
    env: "CORE_OPERATIONS_LISTENADDRESS",
    key: "operations.listenAddress",
    group: "operations",
    meaning: "Address of the admin HTTP server (probes, /metrics, membership API); port 0 lets the OS pick.",
    defaultValue: "127.0.0.1:9443",
  },
  { listen: true },
);

export const OPERATIONS_TLS_ENABLED = boolean({
  env: "CORE_OPERATIONS_TLS_ENABLED",
  key: "operations.tls.enabled",
  group: "operations",
  meaning: "Serve the admin API over HTTPS; needs the cert and key files.",
  defaultValue: false,
});

export const OPERATIONS_TLS_CERT_FILE = optionalPath({
  env: "CORE_OPERATIONS_TLS_CERT_FILE",
  key: "operations.tls.cert.file",
  group: "operations",
  meaning: "PEM certificate of the admin HTTPS server.",
  defaultValue: undefined,
  defaultText: "(none)",
});

export const OPERATIONS_TLS_KEY_FILE = optionalPath({
  env: "CORE_OPERATIONS_TLS_KEY_FILE",
  key: "operations.tls.key.file",
  group: "operations",
  meaning: "PEM private key of the admin HTTPS certificate (the path is shown; the file is never read here).",
  defaultValue: undefined,
  defaultText: "(none)",
});

export const OPERATIONS_TLS_CLIENT_AUTH_REQUIRED = boolean({
  env: "CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED",
  key: "operations.tls.clientAuthRequired",
  group: "operations",
  meaning: "Require admin API clients to present a certificate from the client root CAs.",
  defaultValue: false,
});

export const OPERATIONS_TLS_CLIENT_ROOT_CAS = pathList({
  env: "CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES",
  key: "operations.tls.clientRootCAs.files",
  group: "operations",
  meaning: "PEM CA files that verify admin API client certificates.",
  defaultValue: [],
  defaultText: "(none)",
});

export const ADMIN_TOKEN = scalar<string | undefined>(
  {
    env: "FGN_ADMIN_TOKEN",
    group: "operations",
    meaning: "Bearer token required by mutating admin routes. Secret: never printed.",
    defaultValue: undefined,
    defaultText: "(none)",
    secret: true,
  },
  ADMIN_TOKEN_FORM,
  (t) => {
    const s = t.trim();
    if (!/^[\x21-\x7e]+$/.test(s)) throw new InvalidValueError(ADMIN_TOKEN_FORM);
    return s;
  },
  (v) => v ?? "",
);

// ---------------------------------------------------------------------------------------------
// Logging

export const LOGGING_SPEC = scalar<LogSpec>(
  {
    env: "FABRIC_LOGGING_SPEC",
    group: "logging",
    meaning:
      'Log levels, Fabric\'s form: a default level and per-module ones, e.g. "gossip.discovery=debug:info" (modules: gossip.comm, gossip.discovery, gossip.pull, gossip.node, admin, tracing, cli; "gossip=" covers all gossip.*). Changeable at run time through PUT /logspec.',
    defaultValue: parseLogSpec("info"),
    defaultText: "info",
  },
  "a Fabric logging spec such as info or gossip.discovery=debug:info",
  (t) => {
    try {
      return parseLogSpec(t);
    } catch (err) {
      if (err instanceof LogSpecError) throw new InvalidValueError("a Fabric logging spec", err.message);
      throw err;
    }
  },
  formatLogSpec,
);

export const LOGGING_FORMAT = scalar<LogFormat>(
  {
    env: "FABRIC_LOGGING_FORMAT",
    group: "logging",
    meaning:
      "json: one JSON object per line, for log collectors; console: Fabric's line for people (time, sequence, level, [module], message, key=value). Same field names in both.",
    defaultValue: "json",
  },
  `one of ${LOG_FORMATS.join(", ")}`,
  (t) => {
    const format = t.trim().toLowerCase();
    if ((LOG_FORMATS as readonly string[]).includes(format)) return format as LogFormat;
    throw new InvalidValueError(
      `one of ${LOG_FORMATS.join(", ")}`,
      "Fabric's %{...} format strings are not supported; console prints Fabric's default layout",
    );
  },
  String,
);

// ---------------------------------------------------------------------------------------------
// Gossip port admission: limits that keep one source from holding every slot (this node's own)

export const MAX_INBOUND_CONNECTIONS = integer(
  {
    env: "FGN_MAX_INBOUND_CONNECTIONS",
    group: "gossip",
    meaning:
      "Open inbound gossip connections, handshaked or not; 0 = automatic: the open-files limit less a quarter (at least 64) kept for the admin server and dials.",
    defaultValue: 0,
    defaultText: "0 (automatic)",
  },
  0,
);

export const MAX_PENDING_HANDSHAKES = integer(
  {
    env: "FGN_MAX_PENDING_HANDSHAKES",
    group: "gossip",
    meaning: "Inbound handshakes in progress at once, from all addresses; more are refused until one ends.",
    defaultValue: ADMISSION_DEFAULTS.maxPendingHandshakes,
  },
  1,
);

export const MAX_PENDING_HANDSHAKES_PER_ADDRESS = integer(
  {
    env: "FGN_MAX_PENDING_HANDSHAKES_PER_ADDRESS",
    group: "gossip",
    meaning:
      "Inbound handshakes in progress at once from one IP address: keep it below the total so one source cannot lock others out.",
    defaultValue: ADMISSION_DEFAULTS.maxPendingHandshakesPerAddress,
  },
  1,
);

export const MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS = integer(
  {
    env: "FGN_MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS",
    group: "gossip",
    meaning:
      "Open inbound connections from one IP address that have not completed a handshake; more are closed at once.",
    defaultValue: ADMISSION_DEFAULTS.maxUnauthenticatedPerAddress,
  },
  1,
);

/** Every setting, in the order describeConfig and the documentation list them. */
export const CONFIG_VARIABLES: readonly Variable<unknown>[] = [
  PEER_ID,
  LOCAL_MSP_ID,
  MSP_CONFIG_PATH,
  TRUSTED_MSPS,
  LISTEN_ADDRESS,
  PEER_ADDRESS,
  GOSSIP_ENDPOINT,
  GOSSIP_EXTERNAL_ENDPOINT,
  GOSSIP_BOOTSTRAP,
  ALIVE_TIME_INTERVAL,
  ALIVE_EXPIRATION_TIMEOUT,
  RECONNECT_INTERVAL,
  MAX_CONNECTION_ATTEMPTS,
  MEMBERSHIP_ACK_TIMEOUT,
  MSG_EXPIRATION_FACTOR,
  PROPAGATE_PEER_NUM,
  PUBLISH_CERT_PERIOD,
  PULL_INTERVAL,
  PULL_PEER_NUM,
  PULL_DIGEST_WAIT,
  PULL_REQUEST_WAIT,
  PULL_RESPONSE_WAIT,
  DIAL_TIMEOUT,
  CONN_TIMEOUT,
  SEND_BUFF_SIZE,
  RECV_BUFF_SIZE,
  MAX_MESSAGE_SIZE,
  TLS_ENABLED,
  TLS_CERT_FILE,
  TLS_KEY_FILE,
  TLS_ROOTCERT_FILE,
  TLS_CLIENT_AUTH_REQUIRED,
  TLS_CLIENT_ROOT_CAS,
  OPERATIONS_LISTEN_ADDRESS,
  OPERATIONS_TLS_ENABLED,
  OPERATIONS_TLS_CERT_FILE,
  OPERATIONS_TLS_KEY_FILE,
  OPERATIONS_TLS_CLIENT_AUTH_REQUIRED,
  OPERATIONS_TLS_CLIENT_ROOT_CAS,
  ADMIN_TOKEN,
  LOGGING_SPEC,
  MAX_INBOUND_CONNECTIONS,
  MAX_PENDING_HANDSHAKES,
  MAX_PENDING_HANDSHAKES_PER_ADDRESS,
  MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS,
  LOGGING_FORMAT,
];
