// How the admin API fails: bad input is a 400 that names the field, an unknown
// route a JSON 404, and only a fault of ours a 500. Every error body has the
// same shape (ApiError).
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type ApiError, PATTERN_HINTS } from "./schemas.js";

/** Thrown by handlers for input the schema could not rule out. */
export class BadRequestError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "BadRequestError";
  }
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** The field an Ajv issue is about, as a dotted path ("endpoint", "body", "peers.0.endpoint"). */
export function fieldOf(issue: ValidationIssue | undefined, context: string | undefined): string {
  const path = (issue?.instancePath ?? "")
    .split("/")
    .filter((part) => part !== "")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = issue?.params ?? {};
  if (issue?.keyword === "required" && typeof params.missingProperty === "string") {
    path.push(params.missingProperty);
  } else if (issue?.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    path.push(params.additionalProperty);
  }
  return path.length > 0 ? path.join(".") : (context ?? "request");
}

/** Ajv's message, except that a pattern is explained rather than quoted. */
function validationMessage(issue: ValidationIssue | undefined, field: string, fallback: string): string {
  const pattern = issue?.params?.pattern;
  if (issue?.keyword === "pattern" && typeof pattern === "string" && PATTERN_HINTS[pattern]) {
    return `${field} is malformed: expected ${PATTERN_HINTS[pattern]}`;
  }
  return fallback;
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? "Error";
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.validation) {
    const issue = error.validation[0] as ValidationIssue | undefined;
    const field = fieldOf(issue, error.validationContext);
    const body: ApiError = {
      error: statusText(400),
      message: validationMessage(issue, field, error.message),
      field,
    };
    reply.code(400).send(body);
    return;
  }
  if (error instanceof BadRequestError) {
    const body: ApiError = { error: statusText(400), message: error.message, field: error.field };
    reply.code(400).send(body);
    return;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own client errors: unparsable JSON, wrong content type, body too large...
    const body: ApiError = { error: statusText(status), message: error.message };
    if (error.code?.startsWith("FST_ERR_CTP_")) body.field = "body";
    reply.code(status).send(body);
    return;
  }
  request.log.error({ err: error }, "admin request failed");
  const body: ApiError = { error: statusText(500), message: "Internal error; see the node's log" };
  reply.code(500).send(body);
}

/** Errors the router raises before any route runs: an undecodable URL, an overlong path parameter. */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 400;
  const body: ApiError = { error: statusText(status), message: error.message, field: "url" };
  reply.code(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  const body: ApiError = {
    error: statusText(404),
    message: `No route ${request.method} ${request.url.split("?")[0]}`,
  };
  reply.code(404).send(body);
}
