// Starting the real CLI (the built dist/cli/main.js) as child processes, with
// bounded waits on their output and exit.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { waitFor } from "./wait.js";

export const CLI = "dist/cli/main.js";

const BUILD_LOCK = "dist.build-lock";
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 300_000;

/**
 * Compiles src/ to dist/ so the tests run what `npm ci` installs as the bin. Test files
 * run in parallel: one builds while the others wait for it, so no process runs a
 * half-written dist/.
 */
export async function buildCli(): Promise<void> {
  try {
    await mkdir(BUILD_LOCK);
  } catch {
    const age = Date.now() - (await stat(BUILD_LOCK)).mtimeMs;
    if (age < STALE_LOCK_MS) {
      await waitFor(async () => !(await exists(BUILD_LOCK)), "another test file's build", STALE_LOCK_MS, 200);
      return;
    }
  }
  try {
    await promisify(execFile)("npm", ["run", "build", "--silent"], { timeout: 120_000 });
  } finally {
    await rm(BUILD_LOCK, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A port the OS reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion, within timeoutMs. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        if (err && typeof (err as { code?: unknown }).code !== "number") return reject(err);
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

export interface RunningCli {
  child: ChildProcess;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code, killing the process if it does not exit in time. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
