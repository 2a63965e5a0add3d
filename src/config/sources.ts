// Phase 1 of loading: read what the operator wrote, without interpreting it yet —
// the real environment, a .env file and a Fabric core.yaml. Problems reading
// them are collected, not thrown, so every problem is reported together.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CoreYaml, readCoreYaml } from "./core-yaml.js";
import { readDotenv } from "./dotenv.js";
import { ConfigError } from "./errors.js";

export interface SourceOptions {
  /** The environment, usually process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** A Fabric core.yaml, relative to cwd. When absent, FABRIC_CFG_PATH/core.yaml is read if FABRIC_CFG_PATH is set. */
  configFile?: string;
  /** Directory relative paths from the environment are resolved against, and where .env is looked for. */
  cwd: string;
  /** true (default): read cwd/.env when present; a path: read that file when present; false: no .env. */
  dotenv?: boolean | string;
}

/** A variable's text as set in the environment or the .env file. */
interface EnvironmentText {
  text: string;
  source: "env" | "dotenv";
}

export interface ConfigSources {
  /** The variable's text, the real environment first; an empty variable counts as unset (as with viper). */
  fromEnvironment(name: string): EnvironmentText | undefined;
  file?: CoreYaml;
  /** Absolute path of the .env that was read, if any. */
  dotenvFile?: string;
  problems: ConfigError[];
}

export function readSources(options: SourceOptions): ConfigSources {
  const problems: ConfigError[] = [];
  const dotenv = readDotenvSource(options, problems);
  const fromEnvironment = (name: string): EnvironmentText | undefined => {
    const real = options.env[name]?.trim();
    if (real !== undefined && real !== "") return { text: real, source: "env" };
    const dot = dotenv.values[name]?.trim();
    if (dot !== undefined && dot !== "") return { text: dot, source: "dotenv" };
    return undefined;
  };
  const file = readCoreYamlSource(options, fromEnvironment("FABRIC_CFG_PATH"), problems);
  return {
    fromEnvironment,
    ...(file === undefined ? {} : { file }),
    ...(dotenv.path === undefined ? {} : { dotenvFile: dotenv.path }),
    problems,
  };
}

function readDotenvSource(
  options: SourceOptions,
  problems: ConfigError[],
): { path?: string; values: Record<string, string> } {
  if (options.dotenv === false) return { values: {} };
  const path = resolve(options.cwd, typeof options.dotenv === "string" ? options.dotenv : ".env");
  const dotenv = readDotenv(path);
  if (dotenv === undefined) return { values: {} };
  problems.push(...dotenv.problems);
  return { path, values: dotenv.values };
}

/** The core.yaml given on the command line, else FABRIC_CFG_PATH/core.yaml when that is set. */
function readCoreYamlSource(
  options: SourceOptions,
  cfgPath: EnvironmentText | undefined,
  problems: ConfigError[],
): CoreYaml | undefined {
  if (options.configFile === undefined && cfgPath !== undefined) {
    if (!existsSync(resolve(options.cwd, cfgPath.text, "core.yaml"))) {
      problems.push(
        new ConfigError({
          reason: "unreadable",
          variable: "FABRIC_CFG_PATH",
          expected: "a directory holding core.yaml",
          value: cfgPath.text,
          ...(cfgPath.source === "dotenv" ? { where: ".env", source: "dotenv" as const } : { source: "env" }),
        }),
      );
      return undefined;
    }
  }
  const configFile =
    options.configFile ?? (cfgPath === undefined ? undefined : join(cfgPath.text, "core.yaml"));
  if (configFile === undefined) return undefined;
  try {
    return readCoreYaml(configFile, options.cwd);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(err);
    return undefined;
  }
}
