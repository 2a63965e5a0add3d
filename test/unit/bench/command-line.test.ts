import { afterEach, describe, expect, it, vi } from "vitest";
import { runCommand, strictArgs, UsageError, wholeNumber } from "../../../bench/command-line.js";

describe("wholeNumber", () => {
  it("reads a whole number inside its bounds", () => {
    expect(wholeNumber("0", "k", 0, 10)).toBe(0);
    expect(wholeNumber("10", "k", 0, 10)).toBe(10);
  });

  it.each(["", " ", "1.5", "abc", "11", "-1", "1e400"])(
    "refuses %j, naming the option and the bounds",
    (text) => {
      expect(() => wholeNumber(text, "rounds", 0, 10)).toThrow(
        new UsageError(`--rounds expects a whole number from 0 to 10, got "${text}"`),
      );
    },
  );
});

describe("strictArgs", () => {
  const options = { top: { type: "string", default: "15" } } as const;

  it("parses known options and, when allowed, positionals", () => {
    const { values, positionals } = strictArgs(["--top", "3", "file"], options, true);
    expect(values.top).toBe("3");
    expect(positionals).toEqual(["file"]);
  });

  it("turns what node:util refuses into a UsageError", () => {
    expect(() => strictArgs(["--bogus"], options)).toThrow(UsageError);
    expect(() => strictArgs(["--top"], options)).toThrow(UsageError);
    expect(() => strictArgs(["file"], options)).toThrow(UsageError);
  });
});

describe("runCommand", () => {
  const argv = process.argv;
  const exitCode = process.exitCode;

  afterEach(() => {
    process.argv = argv;
    process.exitCode = exitCode;
    vi.restoreAllMocks();
  });

  async function run(args: string[], main: (argv: readonly string[]) => Promise<number | undefined>) {
    process.argv = ["node", "script", ...args];
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await runCommand("Usage: script", main);
    const code = process.exitCode;
    process.exitCode = exitCode;
    return { code, out: log.mock.calls.flat().join("\n"), err: error.mock.calls.flat().join("\n") };
  }

  it("hands main its arguments and exits with its result", async () => {
    const seen: (readonly string[])[] = [];
    const result = await run(["a", "--b"], async (args) => {
      seen.push(args);
      return 1;
    });
    expect(seen).toEqual([["a", "--b"]]);
    expect(result.code).toBe(1);
  });

  it("prints the usage for --help without running main", async () => {
    const main = vi.fn(async () => 0);
    const result = await run(["--help"], main);
    expect(main).not.toHaveBeenCalled();
    expect(result.out).toBe("Usage: script");
    expect(result.code).toBeUndefined();
  });

  it("answers a UsageError with the message, the usage and exit code 2", async () => {
    const result = await run([], async () => {
      throw new UsageError("--k is wrong");
    });
    expect(result.code).toBe(2);
    expect(result.err).toBe("--k is wrong\n\nUsage: script");
  });

  it("lets any other error through", async () => {
    process.argv = ["node", "script"];
    await expect(
      runCommand("Usage", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });
});
