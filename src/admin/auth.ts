// Who may change the node through the admin API. Reads are open (probes and
// Prometheus need them); mutating routes need the admin token when one is
// configured, and are refused outright when the server is reachable beyond
// loopback with no token, since anyone on the network could then steer the node.
// Open loopback also demands a loopback Host header: a web page whose DNS name
// rebinds to 127.0.0.1 reaches the port, but its requests carry its own name.
import { createHash, timingSafeEqual } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { BlockList, isIP } from "node:net";
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { clip } from "./errors.js";
import type { ApiError } from "./schemas.js";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");
loopback.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/** True for localhost, 127.0.0.0/8 and ::1 (bracketed or not, IPv4-mapped too). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === "localhost") return true;
  const family = isIP(bare);
  if (family === 0) return false;
  return loopback.check(bare, family === 4 ? "ipv4" : "ipv6");
}

type MutationPolicy =
  | { kind: "token"; token: string }
  | { kind: "open-loopback" }
  | { kind: "refused"; why: string };

/** Decides once, at start-up, how mutating routes are guarded. */
export function mutationPolicy(listenHost: string, adminToken: string | undefined): MutationPolicy {
  if (adminToken !== undefined && adminToken !== "") return { kind: "token", token: adminToken };
  if (isLoopbackHost(listenHost)) return { kind: "open-loopback" };
  return {
    kind: "refused",
    why:
      `the admin server listens on "${listenHost || "all interfaces"}", beyond loopback, and no admin token ` +
      "is configured; mutating routes (POST /v1/peers, PUT /logspec) are refused until a token is set " +
      "or the server listens on loopback only",
  };
}

/** Compares in time independent of where the inputs differ, and of their lengths. */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * True when a Host header ("host", "host:port", "[v6]:port") names a loopback host.
 * Anything else, a missing header included, is not.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::\d{1,5})?$/.exec(header ?? "");
  return match?.[1] !== undefined && match[1] !== "" && isLoopbackHost(match[1]);
}

/** Why a mutating request was refused; stable strings for logs. */
type RefusalReason = "no_token_beyond_loopback" | "host_not_loopback" | "missing_token" | "wrong_token";

/** Refusal lines logged per window; past it they are counted and the count rides on the next line. */
const REFUSAL_LOG_LIMIT = 20;
const REFUSAL_LOG_WINDOW_MS = 60_000;

/** Logs refusals at info with route and reason, never a presented token; rate-limited against floods. */
function refusalLog(now: () => number = Date.now) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let logged = 0;
  let suppressed = 0;
  return (request: FastifyRequest, status: number, reason: RefusalReason, extra: object = {}) => {
    const t = now();
    if (t - windowStart >= REFUSAL_LOG_WINDOW_MS) {
      windowStart = t;
      logged = 0;
    }
    if (logged >= REFUSAL_LOG_LIMIT) {
      suppressed++;
      return;
    }
    logged++;
    const route = `${request.method} ${request.routeOptions.url ?? clip(request.url)}`;
    request.log.info(
      { route, status, reason, ...extra, ...(suppressed > 0 ? { suppressedRefusals: suppressed } : {}) },
      "admin request refused",
    );
    suppressed = 0;
  };
}

/** An onRequest hook for mutating routes: runs before the body is parsed. */
export function mutationGuard(policy: MutationPolicy): onRequestHookHandler {
  const logRefusal = refusalLog();
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: 401 | 403,
    reason: RefusalReason,
    message: string,
    extra?: object,
  ) => {
    logRefusal(request, status, reason, extra);
    const body: ApiError = { error: STATUS_CODES[status] ?? "Error", message };
    if (status === 401) reply.header("www-authenticate", 'Bearer realm="admin"');
    return reply.code(status).send(body);
  };

  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    if (policy.kind === "open-loopback") {
      const host = request.headers.host;
      if (isLoopbackHostHeader(host)) return;
      const quoted = JSON.stringify(clip(host ?? ""));
      return refuse(
        request,
        reply,
        403,
        "host_not_loopback",
        `Refused: the Host header ${quoted} does not name a loopback host; with no admin token, mutating ` +
          "routes accept only requests addressed to localhost, 127.x.x.x or [::1]",
        { host: clip(host ?? "") },
      );
    }
    if (policy.kind === "refused") {
      return refuse(request, reply, 403, "no_token_beyond_loopback", `Refused: ${policy.why}`);
    }
    const presented = bearerToken(request.headers.authorization);
    if (presented !== undefined && tokensMatch(presented, policy.token)) return;
    if (presented === undefined) {
      return refuse(
        request,
        reply,
        401,
        "missing_token",
        "This route needs Authorization: Bearer <admin token>",
      );
    }
    return refuse(request, reply, 401, "wrong_token", "The bearer token is not the admin token");
  };
}
