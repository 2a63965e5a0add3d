// Who may change the node through the admin API. Reads are open (probes and
// Prometheus need them); mutating routes need the admin token when one is
// configured, and are refused outright when the server is reachable beyond
// loopback with no token, since anyone on the network could then steer the node.
import { createHash, timingSafeEqual } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
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

export type MutationPolicy =
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

/** An onRequest hook for mutating routes: runs before the body is parsed. */
export function mutationGuard(policy: MutationPolicy): onRequestHookHandler {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    if (policy.kind === "open-loopback") return;
    if (policy.kind === "refused") {
      const body: ApiError = { error: "Forbidden", message: `Refused: ${policy.why}` };
      return reply.code(403).send(body);
    }
    const presented = bearerToken(request.headers.authorization);
    if (presented !== undefined && tokensMatch(presented, policy.token)) return;
    const body: ApiError = {
      error: "Unauthorized",
      message:
        presented === undefined
          ? "This route needs Authorization: Bearer <admin token>"
          : "The bearer token is not the admin token",
    };
    return reply.code(401).header("www-authenticate", 'Bearer realm="admin"').send(body);
  };
}
