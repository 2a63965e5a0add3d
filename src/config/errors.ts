// Typed configuration errors. Loading collects every problem before failing, so
// an operator fixes all bad variables in one round instead of one per restart.

/** Where a configuration value came from; "dotenv" is the .env file, "file" the core.yaml. */
export type ConfigSource = "default" | "file" | "env" | "dotenv";

/** Why a setting was refused; stable strings for logs and tests. */
export type ConfigFailureReason =
  | "invalid" // the value does not have the expected form
  | "missing" // another setting requires this one
  | "conflict" // two settings contradict each other
  | "unreadable"; // a configuration file could not be read or parsed

export interface ConfigErrorInit {
  reason?: ConfigFailureReason;
  /** Environment variable name, core.yaml key path, or file the operator must fix. */
  variable: string;
  /** The accepted form, phrased to follow "expected". */
  expected: string;
  /** The offending value as written; omitted for secrets and for missing values. */
  value?: string;
  source?: ConfigSource;
  /** Shown in parentheses after the variable, e.g. the core.yaml file name. */
  where?: string;
  /** One more clause after the value, e.g. why a bare number is refused. */
  hint?: string;
}

/** One bad setting. The message reads `NAME: expected FORM, got "VALUE"`. */
export class ConfigError extends Error {
  readonly reason: ConfigFailureReason;
  readonly variable: string;
  readonly expected: string;
  readonly value?: string;
  readonly source?: ConfigSource;

  constructor(init: ConfigErrorInit) {
    super(formatMessage(init));
    this.name = "ConfigError";
    this.reason = init.reason ?? "invalid";
    this.variable = init.variable;
    this.expected = init.expected;
    if (init.value !== undefined) this.value = init.value;
    if (init.source !== undefined) this.source = init.source;
  }
}

/** Every problem found while loading; the message lists them one per line. */
export class ConfigErrors extends Error {
  readonly errors: readonly ConfigError[];

  constructor(errors: readonly ConfigError[]) {
    const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
    super(`invalid configuration (${count}):\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "ConfigErrors";
    this.errors = errors;
  }
}

function formatMessage(init: ConfigErrorInit): string {
  const label = init.where === undefined ? init.variable : `${init.variable} (${init.where})`;
  const got = init.value === undefined ? "" : `, got ${JSON.stringify(init.value)}`;
  const hint = init.hint === undefined ? "" : ` (${init.hint})`;
  return `${label}: expected ${init.expected}${got}${hint}`;
}
