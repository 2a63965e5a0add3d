// A small .env reader: KEY=value lines, `export ` prefixes, # comments, single
// quotes (literal) and double quotes (\n, \t, \", \\ escapes). Hand-written rather
// than util.parseEnv so a malformed line is reported with its number instead of
// being silently merged into the next one.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "./errors.js";

export interface Dotenv {
  values: Record<string, string>;
  problems: ConfigError[];
}

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/** Parses .env text; `where` names the file in problems. Later lines win over earlier ones. */
export function parseDotenv(text: string, where = ".env"): Dotenv {
  const values: Record<string, string> = {};
  const problems: ConfigError[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const m = ASSIGNMENT.exec(trimmed);
    const value = m === null ? undefined : readValue(m[2] ?? "");
    if (m === null || value === undefined) {
      // The line itself is not echoed: it may hold a secret.
      problems.push(
        new ConfigError({
          variable: `${where} line ${i + 1}`,
          expected: "KEY=value, optionally quoted, or a # comment",
          source: "dotenv",
        }),
      );
      continue;
    }
    values[m[1] as string] = value;
  }
  return { values, problems };
}

/** The value after "=", or undefined when a quote is left open or followed by more than a comment. */
function readValue(raw: string): string | undefined {
  const quote = raw[0];
  if (quote === "'") {
    const end = raw.indexOf("'", 1);
    return end > 0 && onlyComment(raw.slice(end + 1)) ? raw.slice(1, end) : undefined;
  }
  if (quote === '"') {
    let out = "";
    for (let i = 1; i < raw.length; i++) {
      const c = raw[i] as string;
      if (c === '"') return onlyComment(raw.slice(i + 1)) ? out : undefined;
      if (c === "\\" && i + 1 < raw.length) {
        const next = raw[i + 1] as string;
        out += ESCAPES[next] ?? `\\${next}`;
        i++;
      } else {
        out += c;
      }
    }
    return undefined;
  }
  // Unquoted: a # starts a comment only after whitespace, so "a#b" stays whole.
  const comment = raw.search(/\s#/);
  return (comment < 0 ? raw : raw.slice(0, comment)).trim();
}

function onlyComment(rest: string): boolean {
  const t = rest.trim();
  return t === "" || t.startsWith("#");
}

/** Reads a .env file; a missing file is no file (undefined), any other failure a problem. */
export function readDotenv(path: string): Dotenv | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return {
      values: {},
      problems: [
        new ConfigError({
          reason: "unreadable",
          variable: path,
          expected: "a readable .env file",
          hint: (err as NodeJS.ErrnoException).code ?? String(err),
        }),
      ],
    };
  }
  return parseDotenv(text, path);
}

/**
 * The real environment plus the .env entries it leaves unset or empty, for modules that read
 * variables themselves (OTEL_* for tracing). Malformed lines are skipped here; loadConfig reports them.
 */
export function environmentWithDotenv(options: {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  dotenv?: boolean | string;
}): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...options.env };
  if (options.dotenv === false) return merged;
  const file = readDotenv(resolve(options.cwd, typeof options.dotenv === "string" ? options.dotenv : ".env"));
  for (const [name, value] of Object.entries(file?.values ?? {})) {
    if ((merged[name] ?? "").trim() === "") merged[name] = value;
  }
  return merged;
}
