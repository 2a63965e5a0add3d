import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { environmentWithDotenv, parseDotenv } from "../../../src/config/dotenv.js";

describe("parseDotenv", () => {
  it("reads assignments, exports, quotes and comments", () => {
    const { values, problems } = parseDotenv(
      [
        "# a comment",
        "",
        "A=1",
        "export B=two words",
        "C='single # kept' # comment",
        'D="line\\nbreak \\"q\\""',
        "E=a#b",
        "F=value # trailing comment",
        "G=",
        "  H = spaced  ",
        "A=last wins",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({
      A: "last wins",
      B: "two words",
      C: "single # kept",
      D: 'line\nbreak "q"',
      E: "a#b",
      F: "value",
      G: "",
      H: "spaced",
    });
  });

  it("reports malformed lines by number without echoing them", () => {
    const { values, problems } = parseDotenv('OK=1\nsecret-without-equals\nQ="open\n1BAD=x\r\n', "my.env");
    expect(values).toEqual({ OK: "1" });
    expect(problems.map((p) => p.variable)).toEqual(["my.env line 2", "my.env line 3", "my.env line 4"]);
    expect(problems[0]?.message).not.toContain("secret");
  });
});

describe("environmentWithDotenv", () => {
  it("adds .env entries the real environment leaves unset, for OTEL_* readers", () => {
    const cwd = mkdtempSync(join(tmpdir(), "fgn-dotenv-"));
    try {
      writeFileSync(
        join(cwd, ".env"),
        "OTEL_SERVICE_NAME=from-dotenv\nOTEL_TRACES_EXPORTER=console\nA=dot\n",
      );
      const env = environmentWithDotenv({ env: { A: "real", OTEL_TRACES_EXPORTER: "" }, cwd });
      expect(env).toEqual({ A: "real", OTEL_SERVICE_NAME: "from-dotenv", OTEL_TRACES_EXPORTER: "console" });
      expect(environmentWithDotenv({ env: { A: "real" }, cwd, dotenv: false })).toEqual({ A: "real" });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
