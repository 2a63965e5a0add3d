// The documented way to run the CLI outside the checkout: `npm pack`, then
// `npm install -g` of the tarball into a prefix, then the bin from another directory.
// Dependencies come from npm's cache when they are there, else from the registry.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../support/processes.js";

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  await buildCli();
  dir = await mkdtemp(join(tmpdir(), "fgn-install-"));
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("installing the packed CLI", () => {
  it("runs `fabric-gossip-node --help` and `--version` from outside the repository", async () => {
    // dist/ is already built; --ignore-scripts keeps pack from rebuilding it under other tests' feet.
    await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], {
      timeout: 120_000,
    });
    const tarball = (await readdir(dir)).find((f) => /^fabric-gossip-node-.*\.tgz$/.test(f));
    expect(tarball).toBeDefined();
    const prefix = join(dir, "prefix");
    const install = ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund"];
    await run("npm", [...install, join(dir, tarball as string)], { cwd: dir, timeout: 240_000 });

    const bin = join(prefix, "bin", "fabric-gossip-node");
    const help = await run(bin, ["--help"], { cwd: dir, timeout: 30_000 });
    expect(help.stdout).toMatch(/^Usage: fabric-gossip-node <command>/);
    const version = await run(bin, ["--version"], { cwd: dir, timeout: 30_000 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 300_000);
});
