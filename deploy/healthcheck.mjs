// The container image's HEALTHCHECK: GET /healthz on this container's admin server.
// The slim base image has no curl, so node does it. Reads the same
// CORE_OPERATIONS_* variables as the node (environment only, not core.yaml or .env);
// exits 0 when /healthz answers 200, 1 otherwise.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

const TIMEOUT_MS = 3_000;

/** host:port, [v6]:port or :port; a wildcard host is reached on loopback. */
function target(address) {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address.trim());
  if (!match) throw new Error(`CORE_OPERATIONS_LISTENADDRESS "${address}" is not host:port`);
  const host = match[1] ?? match[2] ?? "";
  const port = Number(match[3]);
  if (host === "" || host === "0.0.0.0") return { host: "127.0.0.1", port };
  if (/^[0:]+$/.test(host)) return { host: "::1", port };
  return { host, port };
}

function check() {
  const env = process.env;
  const { host, port } = target(env.CORE_OPERATIONS_LISTENADDRESS || "127.0.0.1:9443");
  const tls = /^(true|1)$/i.test((env.CORE_OPERATIONS_TLS_ENABLED ?? "").trim());
  const request = tls ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port,
        path: "/healthz",
        method: "GET",
        timeout: TIMEOUT_MS,
        // The certificate names the service, not loopback; this only asks our own process.
        ...(tls ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        if (res.statusCode !== 200) process.stderr.write(`GET /healthz: ${res.statusCode}\n`);
        resolve(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", (err) => {
      process.stderr.write(`GET /healthz: ${err.message}\n`);
      resolve(false);
    });
    req.end();
  });
}

check().then(
  (healthy) => {
    process.exitCode = healthy ? 0 : 1;
  },
  (err) => {
    process.stderr.write(`healthcheck: ${err.message}\n`);
    process.exitCode = 1;
  },
);
