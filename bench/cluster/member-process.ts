// The member processes of one cluster run: each a real `fabric-gossip-node start`
// (launched as its `#!` line says, see launch.ts) with its own environment, its output in a log file, tracked by a ProcessGroup
// that kills every one still running when the run ends, fails, or the benchmark
// itself is interrupted or exits.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { LaunchCommand } from "./launch.js";
import type { ProcessBenchOptions } from "./options.js";
import type { Endpoints } from "./ports.js";

interface MemberSpec {
  readonly index: number;
  readonly command: LaunchCommand;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly logFile: string;
  readonly adminUrl: string;
}

/** Who a member is and where it listens; `bootstrap` is the gossip endpoint it joins through, if any. */
export interface MemberSetup {
  readonly index: number;
  readonly mspId: string;
  readonly mspDir: string;
  readonly own: Endpoints;
  readonly bootstrap?: string;
  readonly options: ProcessBenchOptions;
  /** Its working directory; its log goes there too. */
  readonly workDir: string;
}

/** A member's spec: configured through the environment, as an operator would; `extraEnv` last. */
export function memberSpec(
  setup: MemberSetup,
  command: LaunchCommand,
  extraEnv: Readonly<Record<string, string>> = {},
): MemberSpec {
  const { index, own, options } = setup;
  return {
    index,
    command,
    cwd: setup.workDir,
    logFile: join(setup.workDir, `member${index}.log`),
    adminUrl: `http://${own.admin}`,
    env: {
      CORE_PEER_ID: `member${index}`,
      CORE_PEER_LOCALMSPID: setup.mspId,
      CORE_PEER_MSPCONFIGPATH: setup.mspDir,
      CORE_PEER_LISTENADDRESS: own.gossip,
      CORE_PEER_ADDRESS: own.gossip,
      CORE_PEER_GOSSIP_BOOTSTRAP: setup.bootstrap ?? "",
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: `${options.aliveMs}ms`,
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: `${options.expiryMs}ms`,
      CORE_PEER_GOSSIP_RECONNECTINTERVAL: `${options.reconnectMs}ms`,
      CORE_OPERATIONS_LISTENADDRESS: own.admin,
      ...options.extraEnv,
      ...extraEnv,
    },
  };
}

/** One running member. */
export interface Member {
  readonly spec: MemberSpec;
  readonly pid: number;
  /** performance.now() at spawn. */
  readonly spawnedAt: number;
  /** Exit code or signal once the process has ended. */
  exitStatus(): string | undefined;
  /** The end of its log, for error messages. */
  logTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited within timeoutMs. */
  stop(timeoutMs: number): Promise<void>;
  /** SIGKILL, no clean-up in the member (what a crash looks like to the others). */
  kill(): Promise<void>;
  /** Sends a signal that does not end it (the profiled member's SIGUSR2). */
  signal(name: NodeJS.Signals): void;
}

const LOG_TAIL_CHARS = 2_000;

/** Every member process started and not yet reaped; kills them all on exit, error or a signal. */
export class ProcessGroup {
  readonly #children = new Set<ChildProcess>();
  readonly #onExit = () => this.killAll();
  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.killAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };

  constructor() {
    process.on("exit", this.#onExit);
    process.once("SIGINT", this.#onSignal);
    process.once("SIGTERM", this.#onSignal);
  }

  spawn(spec: MemberSpec): Member {
    const log = openSync(spec.logFile, "a");
    let child: ChildProcess;
    try {
      child = spawn(spec.command.file, spec.command.args, {
        cwd: spec.cwd,
        env: { ...spec.env, ...spec.command.env },
        stdio: ["ignore", log, log],
      });
    } finally {
      closeSync(log);
    }
    const spawnedAt = performance.now();
    if (child.pid === undefined)
      throw new Error(`member ${spec.index}: could not start ${spec.command.file}`);
    this.#children.add(child);
    const exited = new Promise<void>((resolve) =>
      child.once("exit", () => {
        this.#children.delete(child);
        resolve();
      }),
    );
    return memberOf(spec, child, child.pid, spawnedAt, exited);
  }

  /** SIGKILLs every member still running (synchronous, so it also works in an exit handler). */
  killAll(): void {
    for (const child of this.#children) child.kill("SIGKILL");
  }

  /** Kills what is left and removes the process handlers. */
  dispose(): void {
    this.killAll();
    process.off("exit", this.#onExit);
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
  }
}

function memberOf(
  spec: MemberSpec,
  child: ChildProcess,
  pid: number,
  spawnedAt: number,
  exited: Promise<void>,
): Member {
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    spec,
    pid,
    spawnedAt,
    exitStatus: () => (ended() ? String(child.exitCode ?? child.signalCode) : undefined),
    logTail: () => {
      try {
        return readFileSync(spec.logFile, "utf8").slice(-LOG_TAIL_CHARS);
      } catch {
        return "";
      }
    },
    async stop(timeoutMs) {
      if (ended()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (ended()) return;
      child.kill("SIGKILL");
      await exited;
    },
    signal(name) {
      if (!ended()) child.kill(name);
    },
  };
}
