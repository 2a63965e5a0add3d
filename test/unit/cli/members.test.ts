import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnreachableError, UsageError } from "../../../src/cli/errors.js";
import { runMembers } from "../../../src/cli/members.js";
import { loadConfig } from "../../../src/config/load-config.js";

const NOW = Date.now();
const members = [
  {
    pki_id: "0123456789abcdef0123",
    msp_id: "Org1MSP",
    endpoint: "peer1.org1:7051",
    internal_endpoint: "peer1:7051",
    state: "alive",
    state_since: new Date(NOW - 125_000).toISOString(),
    flaps: 2,
  },
  { pki_id: "fedcba9876543210fedc", endpoint: "", state: "dead", state_since: "not a time" },
];

let server: Server;
let base: string;
const seen: Array<{ url?: string; auth?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, auth: req.headers.authorization });
    if (req.url?.includes("state=dead")) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "not ready" }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ members }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const noConfig = () => {
  throw new Error("the configuration must not be read when --admin is given");
};

async function lines(flags: Parameters<typeof runMembers>[0]): Promise<string[]> {
  const out: string[] = [];
  await runMembers(flags, (line) => out.push(line), noConfig);
  return out;
}

describe("members", () => {
  it("prints an aligned table with a FLAPS column when the node reports flaps, and sends the token", async () => {
    const [header, first, second] = await lines({ admin: base, token: "t0ken" });
    expect(header).toMatch(/^PKI-ID {8}MSP {6}ENDPOINT {9}INTERNAL ENDPOINT {2}STATE {2}SINCE {5}FLAPS$/);
    expect(first).toMatch(
      /^0123456789ab {2}Org1MSP {2}peer1\.org1:7051 {2}peer1:7051 +alive {2}2m5s ago {2}2$/,
    );
    expect(second).toMatch(/^fedcba987654 {2}- +- +- +dead +- +-$/);
    expect(seen.at(-1)).toEqual({ url: "/v1/members", auth: "Bearer t0ken" });
  });

  it("takes the admin address from the configuration when --admin is absent", async () => {
    const { port } = new URL(base);
    const env = {
      CORE_OPERATIONS_LISTENADDRESS: `0.0.0.0:${port}`,
      FGN_ADMIN_TOKEN: "from-the-environment-1",
    };
    const out: string[] = [];
    await runMembers(
      { json: true },
      (l) => out.push(l),
      () => loadConfig({ env, cwd: "/", dotenv: false }),
    );
    expect(JSON.parse(out.join("\n"))).toEqual({ members });
    expect(seen.at(-1)?.auth).toBe("Bearer from-the-environment-1");
  });

  it("turns an error answer or a refused connection into one UnreachableError line", async () => {
    await expect(lines({ admin: base, state: "dead" })).rejects.toThrow(
      new UnreachableError(`${base}/v1/members?state=dead answered HTTP 503: not ready`),
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(lines({ admin: `127.0.0.1:${port}` })).rejects.toThrow(/connection refused.*ECONNREFUSED/);
  });

  it("refuses a state other than alive or dead", async () => {
    await expect(lines({ admin: base, state: "zombie" })).rejects.toBeInstanceOf(UsageError);
  });
});
