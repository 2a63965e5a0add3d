// Public API of the configuration module: environment, .env and core.yaml in,
// a typed and validated NodeConfig out.

export { parseHostPort } from "../util/host-port.js";
export { describeConfig } from "./describe-config.js";
export { environmentWithDotenv } from "./dotenv.js";
export { ConfigError, ConfigErrors } from "./errors.js";
export { FABRIC_DEFAULTS } from "./gossip-config.js";
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from "./load-config.js";
export { CONFIG_VARIABLES } from "./variables.js";
