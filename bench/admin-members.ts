// GET /v1/members with a large view against a bare Fastify route that returns
// the same JSON, in the same run (issue 8's target: the admin route at ≥ 80 % of
// the bare route's requests/s with 1,000 members). Both are driven in-process
// with inject(), alternating small batches, so the injector's own cost and the
// machine's load (shared machines drift) weigh on both alike; every loop is
// bounded in count and time.
//
//   npm run bench:admin [-- --members 1000 --rounds 5]
import { loadavg } from "node:os";
import Fastify, { type FastifyInstance } from "fastify";
import { pino } from "pino";
import { createAdminApp } from "../src/admin/admin-server.js";
import { FakeNodeView, fakeMember } from "../test/support/fake-node-view.js";
import { runCommand, strictArgs, wholeNumber } from "./command-line.js";
import { median } from "./harness.js";

const BATCH = 10;
const BATCHES_PER_ROUND = 30;
const ROUND_BUDGET_MS = 4_000;
const WARMUP_REQUESTS = 200;
const TARGET_RATIO = 0.8;

/** A view of `count` members spread over orgs and states, half of them disclosing an internal endpoint. */
function viewOf(count: number): FakeNodeView {
  const node = new FakeNodeView();
  const start = Date.UTC(2024, 0, 1);
  node.memberList = Array.from({ length: count }, (_, i) => {
    const org = `Org${(i % 7) + 1}`;
    return fakeMember({
      pkiId: i.toString(16).padStart(64, "0"),
      mspId: `${org}MSP`,
      endpoint: `peer${i}.${org.toLowerCase()}.example.com:7051`,
      internalEndpoint: i % 2 === 0 ? `peer${i}:7051` : undefined,
      state: i % 10 === 0 ? "dead" : "alive",
      incNum: String(1_700_000_000_000_000_000n + BigInt(i)),
      seqNum: String(i * 3),
      lastSeen: start + i * 1_000,
      stateSince: start + i * 500,
    });
  });
  return node;
}

/** Nanoseconds BATCH GETs of url take, one after the other. */
async function batch(app: FastifyInstance, url: string): Promise<bigint> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) {
    const res = await app.inject({ method: "GET", url });
    if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}`);
  }
  return process.hrtime.bigint() - started;
}

/** Requests/s of each app in one round of alternating batches, as many as fit in the budget. */
async function round(
  admin: FastifyInstance,
  bare: FastifyInstance,
): Promise<{ admin: number; bare: number }> {
  const deadline = process.hrtime.bigint() + BigInt(ROUND_BUDGET_MS) * 1_000_000n;
  let adminNs = 0n;
  let bareNs = 0n;
  let batches = 0;
  while (batches < BATCHES_PER_ROUND && process.hrtime.bigint() < deadline) {
    adminNs += await batch(admin, "/v1/members");
    bareNs += await batch(bare, "/v1/members");
    batches++;
  }
  const requests = batches * BATCH * 1e9;
  return { admin: requests / Number(adminNs), bare: requests / Number(bareNs) };
}

const USAGE = `Usage: npm run bench:admin -- [options]

GET /v1/members against a bare Fastify route returning the same JSON, in the same run.

  --members N            members in the view (default 1000; 1 to 100000)
  --rounds R             measured rounds, alternating both routes (default 5; 1 to 50)`;

async function main(argv: readonly string[]): Promise<undefined> {
  const { values } = strictArgs(argv, {
    members: { type: "string", default: "1000" },
    rounds: { type: "string", default: "5" },
  });
  const members = wholeNumber(values.members, "members", 1, 100_000);
  const rounds = wholeNumber(values.rounds, "rounds", 1, 50);

  const admin = await createAdminApp({
    node: viewOf(members),
    logger: pino({ level: "silent" }),
    listenAddress: "127.0.0.1:0",
    version: { version: "bench", commitSha: "bench" },
  });
  const expected = (await admin.inject({ url: "/v1/members" })).body;
  const body: unknown = JSON.parse(expected);
  const bare = Fastify({ logger: false });
  bare.get("/v1/members", async () => body);
  if ((await bare.inject({ url: "/v1/members" })).body !== expected) {
    throw new Error("the bare route does not answer the same JSON");
  }

  try {
    for (let i = 0; i < WARMUP_REQUESTS; i++) {
      await admin.inject({ url: "/v1/members" });
      await bare.inject({ url: "/v1/members" });
    }
    const adminRates: number[] = [];
    const bareRates: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const rates = await round(admin, bare);
      adminRates.push(rates.admin);
      bareRates.push(rates.bare);
      ratios.push(rates.admin / rates.bare);
    }
    const result = {
      members,
      rounds,
      responseBytes: Buffer.byteLength(expected),
      adminRequestsPerSec: Math.round(median(adminRates)),
      bareRequestsPerSec: Math.round(median(bareRates)),
      ratio: Number(median(ratios).toFixed(3)),
      loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
      target: TARGET_RATIO,
    };
    console.log(
      `GET /v1/members, ${members} members (${result.responseBytes} bytes), median of ${rounds} rounds:\n` +
        `  admin route  ${result.adminRequestsPerSec} req/s\n` +
        `  bare route   ${result.bareRequestsPerSec} req/s\n` +
        `  ratio        ${(result.ratio * 100).toFixed(1)} % (median of the rounds' ratios; target ≥ ${TARGET_RATIO * 100} %)\n` +
        `  load average ${result.loadAverage.join(" ")}`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await admin.close();
    await bare.close();
  }
}

await runCommand(USAGE, main);
