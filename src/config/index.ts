// Public API of the configuration module: environment, .env and core.yaml in,
// a typed and validated NodeConfig out.

export { parseHostPort } from "../util/host-port.js";
export { describeConfig, REDACTED } from "./describe-config.js";
export { environmentWithDotenv } from "./dotenv.js";
export {
  ConfigError,
  type ConfigErrorInit,
  ConfigErrors,
  type ConfigFailureReason,
  type ConfigSource,
} from "./errors.js";
export { FABRIC_DEFAULTS, FAST_TIMINGS, type GossipTimings } from "./gossip-config.js";
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from "./load-config.js";
export type { NodeConfig } from "./node-config.js";
export type { SourcedValue } from "./parse-variables.js";
export { formatDuration, InvalidValueError, parseDuration } from "./values.js";
export { CONFIG_VARIABLES, type Variable, type VariableGroup } from "./variables.js";
