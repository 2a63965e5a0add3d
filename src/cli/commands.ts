// The commands of fabric-gossip-node: for each, its options, its --help text and
// how it runs. main.ts dispatches to this table. Each command's module is imported
// only when it runs: `start` then never loads the dev CA (@peculiar/x509) of
// certs and demo, which costs a node a quarter of a second of CPU and 10 MB.
import type { ParseArgsConfig } from "node:util";
import { describeConfig, loadConfig } from "../config/index.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | undefined>;

export interface Command {
  /** One line for the global usage: the synopsis and what it does. */
  summary: string;
  /** The full text of `<command> --help`. */
  help: string;
  options: Options;
  run(values: Values, print: (line: string) => void): Promise<void>;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);
const configFlag = { config: { type: "string" } } as const;
const loadFromCwd = (config: string | undefined) => () =>
  loadConfig({ env: process.env, configFile: config, cwd: process.cwd() });

const START: Command = {
  summary: "start [--config core.yaml]     run one node, configured by Fabric's CORE_* variables",
  help: `Usage: fabric-gossip-node start [--config core.yaml]

Runs one gossip node with its admin API until SIGINT or SIGTERM. Configured like a
Fabric peer: CORE_* environment variables, a .env file in the working directory,
and optionally a core.yaml (--config, or FABRIC_CFG_PATH/core.yaml); see .env.example.

Before any port opens, every file is read and checked: the local MSP
(CORE_PEER_MSPCONFIGPATH) and its key, the signing certificate's MSP against
CORE_PEER_LOCALMSPID, other orgs' CAs (FGN_TRUSTED_MSPS), gossip and admin TLS files.

Options:
  --config FILE   a Fabric core.yaml; the environment overrides it
  -h, --help      show this help

Exit codes: 0 stopped by a signal, 1 failure, 2 bad configuration or file (one line names it).`,
  options: configFlag,
  run: async (values) => (await import("./start.js")).runStart({ config: str(values.config) }),
};

const DEMO: Command = {
  summary: "demo [--nodes N]               run a local N-node cluster (default 3) with dev identities",
  help: `Usage: fabric-gossip-node demo [--nodes N] [--data-dir DIR] [--log-level LEVEL] [--exit-when-converged]

Starts N nodes of one org in this process, on free loopback ports over mutual TLS,
each with its own admin API, and prints the converged membership. Runs until Ctrl-C.

Options:
  --nodes N               how many nodes, 1-50 (default 3)
  --data-dir DIR          keep the dev identities in DIR; by default they go to a
                          temporary directory that is removed on exit (also on Ctrl-C/SIGTERM)
  --log-level LEVEL       fatal|error|warn|info|debug|trace (default warn)
  --exit-when-converged   stop as soon as every node sees the others alive
  -h, --help              show this help`,
  options: {
    nodes: { type: "string" },
    "data-dir": { type: "string" },
    "log-level": { type: "string" },
    "exit-when-converged": { type: "boolean" },
  },
  run: async (values, print) =>
    (await import("./demo.js")).runDemo(
      {
        nodes: str(values.nodes),
        dataDir: str(values["data-dir"]),
        logLevel: str(values["log-level"]),
        exitWhenConverged: values["exit-when-converged"] === true,
      },
      print,
    ),
};

const CERTS: Command = {
  summary: "certs --out DIR [--peers N]    write a dev CA and N peer identities in Fabric's MSP layout",
  help: `Usage: fabric-gossip-node certs --out DIR [--org DOMAIN] [--mspid ID] [--peers N] [--hosts H1,H2]

Writes development crypto material as cryptogen does: a CA, a TLS CA, the org MSP
and, per peer, msp/ and tls/ folders. PRIVATE KEYS are written too (mode 0600):
choose DIR outside any git checkout, or a git-ignored path such as ./crypto.

Options:
  --out DIR        where to write (required)
  --org DOMAIN     org domain (default org1.example.com)
  --mspid ID       MSP ID (default Org1MSP)
  --peers N        how many peers, 1-1000 (default 1)
  --hosts H1,H2    extra TLS names, e.g. the *.svc names peers dial
  -h, --help       show this help`,
  options: {
    out: { type: "string" },
    org: { type: "string" },
    mspid: { type: "string" },
    peers: { type: "string" },
    hosts: { type: "string" },
  },
  run: async (values, print) =>
    (await import("./certs.js")).runCerts(
      {
        out: str(values.out),
        org: str(values.org),
        mspid: str(values.mspid),
        peers: str(values.peers),
        hosts: str(values.hosts),
      },
      print,
    ),
};

const CONFIG: Command = {
  summary: "config [--config core.yaml]    print the effective configuration and where each value came from",
  help: `Usage: fabric-gossip-node config [--config core.yaml]

Prints every setting with its effective value and its source (env, .env, core.yaml
or default); secrets show as ***. Nothing is started and no file but the
configuration is read.

Options:
  --config FILE   a Fabric core.yaml; the environment overrides it
  -h, --help      show this help`,
  options: configFlag,
  run: async (values, print) => print(describeConfig(loadFromCwd(str(values.config))())),
};

const MEMBERS: Command = {
  summary: "members [--admin URL] [--json] list a running node's membership view",
  help: `Usage: fabric-gossip-node members [--admin URL] [--json] [--state alive|dead] [--token T] [--config core.yaml]

Prints the membership view of a running node (its admin API's GET /v1/members) as
a table: PKI-ID (short), MSP, endpoint, internal endpoint, state, since when, and
flaps when the node reports them.

Options:
  --admin URL        the node's admin API (default: http(s)://127.0.0.1:<port of
                     CORE_OPERATIONS_LISTENADDRESS>, from the same configuration as start)
  --json             print the API's JSON instead of a table
  --state STATE      only alive or only dead members
  --token T          bearer token (default FGN_ADMIN_TOKEN when --admin is not given)
  --config FILE      the core.yaml start uses, to find the admin address
  -h, --help         show this help

HTTPS admin APIs with a private CA: point NODE_EXTRA_CA_CERTS at the CA file.
Exit codes: 0 printed, 1 the node could not be reached or answered an error, 2 usage.`,
  options: {
    admin: { type: "string" },
    json: { type: "boolean" },
    state: { type: "string" },
    token: { type: "string" },
    ...configFlag,
  },
  run: async (values, print) =>
    (await import("./members.js")).runMembers(
      {
        admin: str(values.admin),
        json: values.json === true,
        state: str(values.state),
        token: str(values.token),
      },
      print,
      loadFromCwd(str(values.config)),
    ),
};

export const COMMANDS: Readonly<Record<string, Command>> = {
  start: START,
  demo: DEMO,
  certs: CERTS,
  config: CONFIG,
  members: MEMBERS,
};
