// Builds a NodeConfig from, strongest first: the real environment, a .env file in
// the working directory, a Fabric core.yaml, and the defaults (Fabric's, from
// FABRIC_DEFAULTS), in four phases: read the sources, parse every variable of the
// table, check settings against each other, assemble. Every problem is collected
// and thrown together as ConfigErrors.
import { assembleConfig } from "./assemble.js";
import { crossCheck } from "./cross-checks.js";
import { ConfigErrors } from "./errors.js";
import type { NodeConfig } from "./node-config.js";
import { deriveDefaults, parseVariables, type SourcedValue } from "./parse-variables.js";
import { readSources, type SourceOptions } from "./sources.js";
import { CONFIG_VARIABLES } from "./variables.js";

export type LoadConfigOptions = SourceOptions;

export interface LoadedConfig {
  config: NodeConfig;
  /** Effective value and origin of every variable, keyed by environment variable name; secrets are "***". */
  sources: Record<string, SourcedValue>;
  /** Settings that are valid but probably not what the operator meant. */
  warnings: string[];
  /** Absolute path of the core.yaml that was read, if any. */
  configFile?: string;
  /** Absolute path of the .env that was read, if any. */
  dotenvFile?: string;
}

/** Loads and validates the configuration; throws ConfigErrors listing every problem found. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const sources = readSources(options);
  const parsed = parseVariables(CONFIG_VARIABLES, sources, options.cwd);
  deriveDefaults(parsed);
  const { problems, warnings } = crossCheck(parsed);
  const all = [...sources.problems, ...problems];
  if (all.length > 0) throw new ConfigErrors(all);
  return {
    config: assembleConfig(parsed),
    sources: parsed.sources,
    warnings,
    ...(sources.file === undefined ? {} : { configFile: sources.file.path }),
    ...(sources.dotenvFile === undefined ? {} : { dotenvFile: sources.dotenvFile }),
  };
}
