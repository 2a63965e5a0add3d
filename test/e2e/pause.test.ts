// Fault injection of a pause (issue 9): three real `start` processes on loopback,
// one stopped with SIGSTOP for longer than the alive expiration timeout and then
// resumed with SIGCONT, as a long GC pause or a VM freeze would. The stalled node
// must count the stall and declare none of its peers dead; its peers, which kept
// running, must declare it dead and then resurrect it. Every wait is bounded and
// waits for the event itself, never for an amount of time to pass.

import { mkdtemp, rm } from "node:fs/promises";
import { type IncomingMessage, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, freePort, type RunningCli, runCli, startCli } from "../support/processes.js";
import { waitFor } from "../support/wait.js";

const ALIVE_INTERVAL = "1s";
const EXPIRATION_MS = 5_000;
/** Longer than the expiration timeout, so that the peers do declare the stalled node dead. */
const PAUSE_MS = EXPIRATION_MS + 3_000;

let workDir: string;
const running: RunningCli[] = [];
const streams: IncomingMessage[] = [];

beforeAll(async () => {
  await buildCli();
  workDir = await mkdtemp(join(tmpdir(), "fgn-e2e-pause-"));
  expect((await runCli(["certs", "--out", workDir, "--peers", "3"])).code).toBe(0);
}, 180_000);

afterAll(async () => {
  for (const stream of streams) stream.destroy();
  // A node left stopped would not see SIGTERM; resume every one before stopping it.
  for (const r of running) r.child.kill("SIGCONT");
  await Promise.all(running.map((r) => r.stop()));
  await rm(workDir, { recursive: true, force: true });
});

interface Node {
  process: RunningCli;
  admin: string;
  gossip: string;
}

async function startNode(i: number, bootstrap?: string): Promise<Node> {
  const gossip = `127.0.0.1:${await freePort()}`;
  const admin = `127.0.0.1:${await freePort()}`;
  const process = startCli(["start"], {
    CORE_PEER_ID: `peer${i}`,
    CORE_PEER_LISTENADDRESS: gossip,
    CORE_PEER_ADDRESS: gossip,
    CORE_PEER_LOCALMSPID: "Org1MSP",
    CORE_PEER_MSPCONFIGPATH: join(workDir, "peers", `peer${i}.org1.example.com`, "msp"),
    CORE_OPERATIONS_LISTENADDRESS: admin,
    CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: ALIVE_INTERVAL,
    CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: `${EXPIRATION_MS / 1000}s`,
    CORE_PEER_GOSSIP_RECONNECTINTERVAL: "1s",
    ...(bootstrap ? { CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap } : {}),
    FABRIC_LOGGING_SPEC: "info",
  });
  running.push(process);
  return { process, admin: `http://${admin}`, gossip };
}

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** One sample of a /metrics exposition, 0 when absent. */
async function sample(node: Node, series: string): Promise<number> {
  const res = await fetch(`${node.admin}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

interface Event {
  kind: string;
  pki_id: string;
}

/** Subscribes to a node's /v1/events; the returned array fills as events arrive. */
async function subscribe(node: Node): Promise<Event[]> {
  const events: Event[] = [];
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${node.admin}/v1/events`, { headers: { accept: "text/event-stream" } }, resolve);
    req.setTimeout(10_000, () => req.destroy(new Error("no /v1/events response within 10 s")));
    req.on("error", reject);
    req.end();
  });
  expect(res.statusCode).toBe(200);
  streams.push(res);
  res.setEncoding("utf8");
  let pending = "";
  res.on("data", (chunk: string) => {
    pending += chunk;
    const frames = pending.split("\n\n");
    pending = frames.pop() ?? "";
    for (const frame of frames) {
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (data) events.push(JSON.parse(data) as Event);
    }
  });
  return events;
}

const alivePeers = async (node: Node) =>
  (await getJson<{ members: unknown[] }>(`${node.admin}/v1/members?state=alive`))?.members.length ?? 0;

describe("a node paused (SIGSTOP) for longer than the alive expiration timeout", () => {
  it("counts a stall and declares none of its peers dead, while its peers declare it dead and then resurrect it", async () => {
    const first = await startNode(0);
    const nodes = [first, await startNode(1, first.gossip), await startNode(2, first.gossip)];
    for (const node of nodes) {
      await waitFor(
        async () => (await alivePeers(node)) === 2,
        `${node.admin} to see both peers alive`,
        60_000,
        250,
      );
    }
    const [watcher, other, paused] = nodes as [Node, Node, Node];
    const pausedId = (await getJson<{ pki_id: string }>(`${paused.admin}/v1/self`))?.pki_id;
    expect(pausedId).toMatch(/^[0-9a-f]+$/);
    const watched = await subscribe(watcher);
    const own = await subscribe(paused);
    const deadBefore = await sample(paused, 'gossip_membership_events_total{kind="dead"}');
    expect(await sample(paused, "gossip_local_stalls_total")).toBe(0);

    paused.process.child.kill("SIGSTOP");
    const stoppedAt = Date.now();
    const about = (kind: string) => watched.some((e) => e.kind === kind && e.pki_id === pausedId);
    // Its peers keep running and, after the expiration timeout, declare it dead.
    await waitFor(() => about("dead"), "the watcher to declare the paused node dead", 60_000, 100);
    await waitFor(
      async () =>
        (
          await getJson<{ members: { pki_id: string; state: string }[] }>(`${other.admin}/v1/members`)
        )?.members.some((m) => m.pki_id === pausedId && m.state === "dead"),
      "the other peer to declare the paused node dead",
      60_000,
      250,
    );
    // The fault's length, not a wait for an event: the pause lasts beyond the expiration timeout
    // as seen from inside too, so that on resuming every peer looks silent for longer than it.
    const rest = stoppedAt + PAUSE_MS - Date.now();
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    paused.process.child.kill("SIGCONT");

    await waitFor(
      async () => (await sample(paused, "gossip_local_stalls_total")) >= 1,
      "the resumed node to count its stall",
      60_000,
      250,
    );
    await waitFor(() => about("resurrected"), "the watcher to resurrect the resumed node", 60_000, 100);
    for (const node of nodes) {
      await waitFor(
        async () => (await alivePeers(node)) === 2,
        `${node.admin} to see both peers alive again`,
        60_000,
        250,
      );
    }
    // The resumed node read what waited for it instead of declaring its peers dead.
    expect(own.filter((e) => e.kind === "dead")).toEqual([]);
    expect(await sample(paused, 'gossip_membership_events_total{kind="dead"}')).toBe(deadBefore);
    expect(paused.process.output()).toMatch(/this node was stalled/);
  }, 240_000);
});
