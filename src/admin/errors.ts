// How the admin API fails: bad input is a 400 that names the field, an unknown
// route a JSON 404, and only a fault of ours a 500. Every error body has the
// same shape (ApiError), and quotes the request only in clipped excerpts: the
// body is built from input anyone can send.
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type ApiError, PATTERN_HINTS } from "./schemas.js";

/** Longest excerpt of a request value (a field name, a URL, a header) quoted in an error body. */
const MAX_QUOTED_CHARS = 128;
/** Longest error message; messages quote clipped values, this is the backstop. */
const MAX_MESSAGE_CHARS = 512;

/** At most `max` characters of untrusted text, marked when cut. */
export function clip(value: string, max = MAX_QUOTED_CHARS): string {
  return value.length > max ? `${value.slice(0, max)}...` : value;
}

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
function fieldOf(issue: ValidationIssue | undefined, context: string | undefined): string {
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
  return path.length > 0 ? clip(path.join(".")) : (context ?? "request");
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
      message: clip(validationMessage(issue, field, error.message), MAX_MESSAGE_CHARS),
      field,
    };
    reply.code(400).send(body);
    return;
  }
  if (error instanceof BadRequestError) {
    const body: ApiError = {
      error: statusText(400),
      message: clip(error.message, MAX_MESSAGE_CHARS),
      field: clip(error.field),
    };
    reply.code(400).send(body);
    return;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own client errors: unparsable JSON, wrong content type, body too large...
    // Their messages may quote a header or the body, so they are clipped.
    const body: ApiError = { error: statusText(status), message: clip(error.message, MAX_MESSAGE_CHARS) };
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
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 400;
  // Fastify's own message for a bad URL quotes all of it; ours quotes an excerpt.
  const message =
    error.code === "FST_ERR_BAD_URL"
      ? `Not a valid URL: ${clip(request.url)}`
      : clip(error.message, MAX_MESSAGE_CHARS);
  const body: ApiError = { error: statusText(status), message, field: "url" };
  reply.code(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  const body: ApiError = {
    error: statusText(404),
    message: `No route ${request.method} ${clip(request.url.split("?")[0] ?? "")}`,
  };
  reply.code(404).send(body);
}
