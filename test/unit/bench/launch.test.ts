// How the benchmarks launch a CLI: the node flags of its #! line as the kernel and
// env would pass them, on the node binary the benchmark chooses.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  commandLine,
  launchesOf,
  ShebangError,
  shebangCommand,
  startCommand,
} from "../../../bench/cluster/launch.js";
import { UsageError } from "../../../bench/command-line.js";

describe("shebangCommand: node flags", () => {
  it("gives no flags for #!/usr/bin/env node", () => {
    expect(shebangCommand("#!/usr/bin/env node").args).toEqual([]);
    expect(shebangCommand("#!/usr/bin/env node  \r\n").args).toEqual([]);
  });

  it("splits the flags after env -S node, quotes included", () => {
    expect(shebangCommand("#!/usr/bin/env -S node --max-semi-space-size=1 --stack-size=984").args).toEqual([
      "--max-semi-space-size=1",
      "--stack-size=984",
    ]);
    expect(shebangCommand(`#!/usr/bin/env -S node --title "a b" --x='c d'`).args).toEqual([
      "--title",
      "a b",
      "--x=c d",
    ]);
    expect(() => shebangCommand(`#!/usr/bin/env -S node --title "a b`).args).toThrow(/unbalanced quote/);
    expect(shebangCommand("#!/usr/bin/env -Snode --flag").args).toEqual(["--flag"]);
  });

  it("passes what follows a direct interpreter as one argument, as the kernel does", () => {
    expect(shebangCommand("#!/usr/local/bin/node --a --b").args).toEqual(["--a --b"]);
    expect(shebangCommand("#! /usr/bin/node").args).toEqual([]);
  });

  it("refuses what the kernel or env would not run as node", () => {
    expect(() => shebangCommand("// no shebang").args).toThrow(/no #! line/);
    expect(() => shebangCommand("#!/bin/sh").args).toThrow(/does not run node/);
    expect(() => shebangCommand("#!/usr/bin/env").args).toThrow(/env without a command/);
    expect(() => shebangCommand("#!/usr/bin/env node --flag").args).toThrow(/program named "node --flag"/);
    expect(() => shebangCommand(["#!/usr/bin/env -S node --x=$", "{HOME}"].join("")).args).toThrow(
      ShebangError,
    );
    expect(() => shebangCommand("#!/usr/bin/env -S python3").args).toThrow(/does not run node/);
  });
});

describe("shebangCommand: env assignments", () => {
  it("takes env -S's NAME=VALUE words before node as assignments, and none after it", () => {
    const line = "#!/usr/bin/env -S MALLOC_ARENA_MAX=2 A='x y' node --max-semi-space-size=1 B=3";
    expect(shebangCommand(line).env).toEqual({ MALLOC_ARENA_MAX: "2", A: "x y" });
    expect(shebangCommand(line).args).toEqual(["--max-semi-space-size=1", "B=3"]);
    expect(shebangCommand("#!/usr/bin/env -S node --x=1").env).toEqual({});
    expect(() => shebangCommand("#!/usr/bin/env -S MALLOC_ARENA_MAX=2").args).toThrow(/does not run node/);
  });
});

describe("launchesOf", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fgn-launch-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads each CLI's #! line, executable bit or not, and runs it on the chosen node", async () => {
    const flagged = join(dir, "flagged.js");
    const plain = join(dir, "plain.js");
    await writeFile(
      flagged,
      "#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1\nconsole.log(1);\n",
    );
    await writeFile(plain, "#!/usr/bin/env node\nconsole.log(1);\n");
    await chmod(flagged, 0o644);
    const launches = await launchesOf(
      [
        { label: "new", path: flagged },
        { label: "base", path: plain },
      ],
      process.execPath,
    );
    expect(launches.map((l) => l.label)).toEqual(["new", "base"]);
    const command = startCommand(launches[0] as (typeof launches)[number], [
      "--import",
      "file:///x/profiler.mjs",
    ]);
    expect(command).toEqual({
      file: process.execPath,
      args: ["--max-semi-space-size=1", "--import", "file:///x/profiler.mjs", flagged, "start"],
      env: { MALLOC_ARENA_MAX: "2" },
    });
    expect(launches[1]?.shebang).toEqual({ env: {}, args: [] });
  });

  it("turns a missing file, a missing node or a shell launcher into a usage error", async () => {
    const shell = join(dir, "launcher.sh");
    await writeFile(shell, "#!/bin/sh\nexec node main.js\n");
    await expect(launchesOf([{ label: "sh", path: shell }], process.execPath)).rejects.toThrow(
      /launcher.sh: the #! line does not run node/,
    );
    await expect(
      launchesOf([{ label: "x", path: join(dir, "absent.js") }], process.execPath),
    ).rejects.toThrow(UsageError);
    await expect(launchesOf([], join(dir, "no-node"))).rejects.toThrow(/--node/);
  });
});

describe("commandLine", () => {
  it("quotes only the words a shell would split or expand", () => {
    expect(
      commandLine({ file: "/usr/bin/node", args: ["--title", "a b", "it's", "main.js", "start"], env: {} }),
    ).toBe(`/usr/bin/node --title 'a b' 'it'\\''s' main.js start`);
    expect(commandLine({ file: "/usr/bin/node", args: ["main.js"], env: { A: "1", B: "x y" } })).toBe(
      `A=1 'B=x y' /usr/bin/node main.js`,
    );
  });
});
