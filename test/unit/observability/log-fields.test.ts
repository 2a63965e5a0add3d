// Log lines name things as the admin API does, in every format (issue 10): a
// static check over src of every field object handed to a logger, so that a
// line no test happens to provoke is held to the convention too.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../../src");
const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/** The API's names, and the variants a log line must not use instead. */
const FORBIDDEN: Record<string, string> = {
  pkiId: "pki_id",
  pkiID: "pki_id",
  mspId: "msp_id",
  mspID: "msp_id",
  internalEndpoint: "internal_endpoint",
  peer: "endpoint",
  from: "endpoint",
  remote: "endpoint",
  remoteAddress: "endpoint",
  remoteEndpoint: "endpoint",
  peerEndpoint: "endpoint",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The field objects of a call: pino's first argument, or RateLimitedLog.log's third. */
function fieldArguments(call: ts.CallExpression): ts.Expression[] {
  if (!ts.isPropertyAccessExpression(call.expression)) return [];
  const method = call.expression.name.text;
  if (LEVELS.has(method)) return call.arguments.slice(0, 1);
  if (method === "log" && call.arguments.length === 4) return [call.arguments[2] as ts.Expression];
  return [];
}

/** Property names of an object literal, following spreads and identifiers declared in the same file. */
function fieldNames(
  expr: ts.Expression,
  declarations: Map<string, ts.Expression>,
  depth = 0,
): ts.Identifier[] {
  if (depth > 4) return [];
  if (ts.isIdentifier(expr)) {
    const init = declarations.get(expr.text);
    return init ? fieldNames(init, declarations, depth + 1) : [];
  }
  if (ts.isParenthesizedExpression(expr) || ts.isConditionalExpression(expr)) {
    const parts = ts.isConditionalExpression(expr) ? [expr.whenTrue, expr.whenFalse] : [expr.expression];
    return parts.flatMap((part) => fieldNames(part, declarations, depth + 1));
  }
  if (!ts.isObjectLiteralExpression(expr)) return [];
  return expr.properties.flatMap((property) => {
    if (ts.isSpreadAssignment(property)) return fieldNames(property.expression, declarations, depth + 1);
    if (property.name && ts.isIdentifier(property.name)) return [property.name];
    return [];
  });
}

function offences(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const declarations = new Map<string, ts.Expression>();
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      declarations.set(node.name.text, node.initializer);
    }
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls.flatMap((call) =>
    fieldArguments(call).flatMap((arg) =>
      fieldNames(arg, declarations)
        .filter((name) => Object.hasOwn(FORBIDDEN, name.text))
        .map((name) => {
          const { line } = source.getLineAndCharacterOfPosition(name.getStart());
          return `${relative(SRC, file)}:${line + 1}: "${name.text}" (use "${FORBIDDEN[name.text]}")`;
        }),
    ),
  );
}

describe("log field names", () => {
  it("finds the logger calls it checks", () => {
    const checked = sourceFiles(SRC).filter((file) =>
      /\.(info|warn|debug)\(/.test(readFileSync(file, "utf8")),
    );
    expect(checked.length).toBeGreaterThan(10);
  });

  it("uses the admin API's names (pki_id, msp_id, endpoint, internal_endpoint) in every log line", () => {
    expect(sourceFiles(SRC).flatMap((file) => offences(file))).toEqual([]);
  });

  it("names module loggers through moduleLogger only, so every module name is one FABRIC_LOGGING_SPEC knows", () => {
    const adHoc = sourceFiles(SRC)
      .filter((file) => !file.endsWith(join("observability", "logger.ts")))
      .filter((file) => /\.child\(\s*\{\s*module\s*:/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(adHoc).toEqual([]);
  });

  it("catches a camelCase or variant field, also through a spread, a variable or the rate-limited log", () => {
    const probe = [
      'log.info({ pkiId: "00" }, "a");',
      'const fields = { mspId: "Org1MSP" };',
      'log.warn({ ...fields, endpoint: "x" }, "b");',
      'limited.log("info", "reason", { peer: "127.0.0.1:7051" }, "c");',
      'log.debug({ pki_id: "00", msp_id: "Org1MSP", endpoint: "x", internal_endpoint: "y" }, "d");',
    ].join("\n");
    expect(offences(join(SRC, "probe.ts"), probe)).toEqual([
      'probe.ts:1: "pkiId" (use "pki_id")',
      'probe.ts:2: "mspId" (use "msp_id")',
      'probe.ts:4: "peer" (use "endpoint")',
    ]);
  });
});
