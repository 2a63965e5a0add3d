#!/usr/bin/env node
// The fabric-gossip-node command: start, demo, certs, config.
import { parseArgs } from "node:util";
import { ConfigErrors } from "../config/errors.js";
import { describeConfig, loadConfig } from "../config/index.js";
import { MspLoadError } from "../identity/errors.js";
import { runCerts } from "./certs.js";
import { runDemo } from "./demo.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ListenError, UsageError } from "./errors.js";
import { runStart } from "./start.js";
import { packageVersion } from "./version.js";

const USAGE = `Usage: fabric-gossip-node <command> [options]

A Hyperledger Fabric gossip membership node with an admin API, Prometheus
metrics and OpenTelemetry traces.

Commands:
  start [--config core.yaml]     run one node, configured by Fabric's CORE_* variables
                                 (and optionally a core.yaml and a .env); see .env.example
  demo [--nodes N]               run a local N-node cluster (default 3) with dev identities
       [--data-dir DIR] [--log-level LEVEL] [--exit-when-converged]
  certs --out DIR [--org DOMAIN] [--mspid ID] [--peers N] [--hosts H1,H2]
                                 write a dev CA and N peer identities in Fabric's MSP layout
                                 (--hosts: extra TLS names, e.g. *.svc names peers dial)
  config [--config core.yaml]    print the effective configuration and where each value came from

Options:
  -h, --help                     show this help
  -v, --version                  print the version

Exit codes: 0 success, 1 failure, 2 bad configuration or usage.`;

const print = (line: string) => process.stdout.write(`${line}\n`);

/**
 * grpc-js passes an IP address as the TLS server name when dialing an IP
 * endpoint, and Node warns about it (DEP0123) on every such process. The
 * certificate is still verified against the IP; the warning only alarms
 * operators, so it alone is silenced. Every other warning prints as usual.
 */
function silenceKnownWarnings(): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning: Error & { code?: string }) => {
    if (warning.code === "DEP0123") return;
    process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      config: { type: "string" },
      nodes: { type: "string" },
      "data-dir": { type: "string" },
      "log-level": { type: "string" },
      "exit-when-converged": { type: "boolean" },
      out: { type: "string" },
      org: { type: "string" },
      mspid: { type: "string" },
      peers: { type: "string" },
      hosts: { type: "string" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) {
    print(packageVersion());
    return EXIT_OK;
  }
  if (values.help || !command) {
    print(USAGE);
    return values.help ? EXIT_OK : EXIT_USAGE;
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
  switch (command) {
    case "start":
      await runStart({ config: values.config });
      return EXIT_OK;
    case "demo":
      await runDemo(
        {
          nodes: values.nodes,
          dataDir: values["data-dir"],
          logLevel: values["log-level"],
          exitWhenConverged: values["exit-when-converged"],
        },
        print,
      );
      return EXIT_OK;
    case "certs":
      await runCerts(
        { out: values.out, org: values.org, mspid: values.mspid, peers: values.peers, hosts: values.hosts },
        print,
      );
      return EXIT_OK;
    case "config":
      print(describeConfig(loadConfig({ env: process.env, configFile: values.config, cwd: process.cwd() })));
      return EXIT_OK;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

silenceKnownWarnings();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (
      err instanceof ConfigErrors ||
      err instanceof MspLoadError ||
      err instanceof UsageError ||
      err instanceof ListenError
    ) {
      process.stderr.write(`fabric-gossip-node: ${err.message}\n`);
      if (err instanceof UsageError) process.stderr.write("run fabric-gossip-node --help for usage\n");
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (String((err as { code?: string }).code).startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`fabric-gossip-node: ${(err as Error).message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`fabric-gossip-node: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
