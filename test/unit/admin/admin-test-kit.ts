// Shared set-up for the admin API tests: a fake node, a logger whose lines the
// test can read, the server on 127.0.0.1 with port 0, and response-schema checks.
import { Ajv, type AnySchema } from "ajv";
import addFormats from "ajv-formats";
import { type Logger, pino } from "pino";
import {
  type AdminServer,
  type AdminServerOptions,
  startAdminServer,
} from "../../../src/admin/admin-server.js";
import { SHARED_SCHEMAS } from "../../../src/admin/schemas.js";
import { FakeNodeView } from "../../support/fake-node-view.js";

export interface LogLine {
  level: number;
  msg: string;
  module?: string;
  [key: string]: unknown;
}

/** A pino logger that keeps its lines in memory. */
export function capturingLogger(level = "info"): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

export interface Harness {
  node: FakeNodeView;
  logger: Logger;
  lines: LogLine[];
  server: AdminServer;
  /** http://host:port of the running server. */
  url: string;
}

/** Starts an admin server for a fake node on 127.0.0.1, port 0. Close it with server.close(). */
export async function startHarness(overrides: Partial<AdminServerOptions> = {}): Promise<Harness> {
  const node = (overrides.node as FakeNodeView | undefined) ?? new FakeNodeView();
  const { logger, lines } = capturingLogger();
  const server = await startAdminServer({
    node,
    logger: overrides.logger ?? logger,
    listenAddress: "127.0.0.1:0",
    version: { version: "1.2.3", commitSha: "0123abc" },
    ...overrides,
  });
  const scheme = overrides.tls ? "https" : "http";
  return { node, logger: overrides.logger ?? logger, lines, server, url: `${scheme}://${server.address}` };
}

const ajv = new Ajv({ strict: false, allErrors: true, schemas: SHARED_SCHEMAS });
addFormats.default(ajv);

/** Throws with Ajv's account when body does not match schema. */
export function assertMatches(schema: object, body: unknown): void {
  const validate = ajv.compile(schema as AnySchema);
  if (!validate(body)) {
    throw new Error(
      `response does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}
