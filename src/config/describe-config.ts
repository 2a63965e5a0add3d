// The effective configuration as text, for the startup log and `--print-config`:
// one line per variable with its value and where it came from. Secrets show as ***.
import type { LoadedConfig } from "./load-config.js";
import { CONFIG_VARIABLES, type VariableGroup } from "./variables.js";

const GROUP_TITLES: Readonly<Record<VariableGroup, string>> = {
  identity: "identity",
  gossip: "gossip endpoints",
  timings: "gossip timings and limits",
  tls: "gossip TLS",
  operations: "operations (admin server)",
  logging: "logging",
};

export const REDACTED = "***";

export function describeConfig(
  result: Pick<LoadedConfig, "sources" | "warnings" | "configFile" | "dotenvFile">,
): string {
  const lines: string[] = [];
  lines.push(`# core.yaml: ${result.configFile ?? "(none)"}`);
  lines.push(`# .env: ${result.dotenvFile ?? "(none)"}`);
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.env.length));
  let group: VariableGroup | undefined;
  for (const v of CONFIG_VARIABLES) {
    const entry = result.sources[v.env];
    if (entry === undefined) continue;
    if (v.group !== group) {
      group = v.group;
      lines.push(`# ${GROUP_TITLES[group]}`);
    }
    const value = v.secret && entry.value !== "" ? REDACTED : entry.value === "" ? '""' : entry.value;
    lines.push(`${v.env.padEnd(width)}  ${value}  (${entry.source})`);
  }
  for (const w of result.warnings ?? []) lines.push(`# warning: ${w}`);
  return lines.join("\n");
}
