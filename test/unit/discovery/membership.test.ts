// The membership view: one record per member, alive or dead, whose every
// change raises its event; and its consistency under random remote input.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock/manual-clock.js";
import type { StoredAlive } from "../../../src/discovery/alive-message.js";
import { type MembershipEvent, MembershipEvents } from "../../../src/discovery/events.js";
import { Membership } from "../../../src/discovery/membership.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { createNodeMetrics } from "../../../src/observability/metrics.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { toLong } from "../../../src/protocol/long.js";
import { unsignedMessage } from "../../../src/protocol/signed-message.js";
import {
  craftAlive,
  internals,
  metric,
  receivedFrom,
  remotePeer,
  TEST_TIMINGS,
  TestCluster,
} from "./fixtures.js";

const TTL = TEST_TIMINGS.aliveExpirationTimeout * TEST_TIMINGS.msgExpirationFactor;

const record = (hex: string, seqNum: number, endpoint = `${hex}:7051`): StoredAlive =>
  ({
    hex,
    pkiId: Buffer.from(hex.padEnd(64, "0"), "hex"),
    endpoint,
    metadata: new Uint8Array(0),
    internalEndpoint: undefined,
    time: { incNum: 1n, seqNum: BigInt(seqNum) },
  }) as unknown as StoredAlive;

function membership() {
  const clock = new ManualClock(0);
  const events = new MembershipEvents(silentLogger());
  const seen: MembershipEvent["kind"][] = [];
  const emitted: MembershipEvent[] = [];
  events.on((event) => seen.push(event.kind));
  events.on((event) => emitted.push(event));
  const metrics = createNodeMetrics();
  const m = new Membership({ clock, metrics, logger: silentLogger(), events, orgOf: () => "Org1MSP" });
  return { m, clock, seen, emitted, metrics };
}

describe("Membership", () => {
  it("moves a member between alive and dead, keeping its last timestamp", async () => {
    const { m, clock, seen } = membership();
    await clock.advance(100);
    m.learnNewMember(record("aa", 1), "alive");
    expect(m.get("aa")?.state).toBe("alive");
    await clock.advance(100);
    expect(m.markDead("aa")).toBeDefined();
    expect(m.get("aa")).toMatchObject({ state: "dead", lastSeen: 100, stateSince: 200 });
    await clock.advance(100);
    expect(m.markDead("aa")).toBeUndefined();
    await clock.advance(100);
    m.resurrectMember(record("aa", 2));
    expect(m.view("aa")).toMatchObject({ state: "alive", lastSeen: 400, stateSince: 400, seqNum: "2" });
    expect(seen).toEqual(["joined", "dead", "resurrected"]);
  });

  it("samples forwarding targets by looking at O(k) members, however large the view", () => {
    const { m } = membership();
    for (let i = 0; i < 5_000; i++) m.learnNewMember(record(i.toString(16).padStart(4, "0"), 1), "alive");
    let looked = 0;
    const sample = m.sampleAlive(3, () => {
      looked++;
      return true;
    });
    expect(sample).toHaveLength(3);
    expect(looked).toBeLessThanOrEqual(8 * 3);
  });

  it("counts a flap each time a member comes back after having been alive, not after being learned dead", async () => {
    const { m, metrics, emitted } = membership();
    m.learnNewMember(record("aa", 1), "alive");
    m.markDead("aa");
    m.resurrectMember(record("aa", 2));
    m.markDead("aa");
    m.resurrectMember(record("aa", 3));
    m.learnNewMember(record("bb", 1), "dead");
    m.resurrectMember(record("bb", 2));
    expect(m.view("aa")?.flaps).toBe(2);
    expect(m.view("bb")?.flaps).toBe(0);
    expect(await metric(metrics.membershipFlaps)).toBe(2);
    // Every event carries the member's count so far, the resurrection that made a flap included.
    expect(emitted.map((e) => [e.pkiId, e.kind, e.flaps])).toEqual([
      ["aa", "joined", 0],
      ["aa", "dead", 0],
      ["aa", "resurrected", 1],
      ["aa", "dead", 1],
      ["aa", "resurrected", 2],
      ["bb", "dead", 0],
      ["bb", "resurrected", 0],
    ]);
  });

  it('logs every change at info as Fabric\'s "Membership view has changed", with endpoint, PKI-ID and MSP ID', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const m = new Membership({
      clock: new ManualClock(0),
      metrics: createNodeMetrics(),
      logger,
      events: new MembershipEvents(logger),
      orgOf: () => "Org1MSP",
    });
    m.learnNewMember(record("aa", 1), "alive");
    m.markDead("aa");
    expect(lines).toMatchObject([
      {
        level: 30,
        msg: "Membership view has changed",
        kind: "joined",
        pki_id: "aa",
        msp_id: "Org1MSP",
        endpoint: "aa:7051",
      },
      { level: 30, msg: "Membership view has changed", kind: "dead", pki_id: "aa" },
    ]);
  });

  it("reports an update only when it changed what peers see", () => {
    const { m, seen } = membership();
    m.learnNewMember(record("aa", 1), "alive");
    m.learnExistingMember(record("aa", 2));
    m.learnExistingMember(record("aa", 3, "moved:1"));
    expect(m.get("aa")?.endpoint).toBe("moved:1");
    expect(seen).toEqual(["joined", "updated"]);
  });

  it("keeps the alive array in step when members leave it, and samples only what it is asked for", () => {
    const { m } = membership();
    const hexes = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(2, "0"));
    for (const hex of hexes) m.learnNewMember(record(hex, 1), "alive");
    for (const hex of hexes.slice(0, 10)) m.markDead(hex);
    m.purge(hexes[20] as string);
    expect(m.aliveCount).toBe(29);
    expect(m.deadCount).toBe(10);
    expect(new Set(m.alive().map((x) => x.hex))).toEqual(
      new Set(hexes.slice(10).filter((h) => h !== hexes[20])),
    );
    const sample = m.sampleAlive(3, (x) => x.hex !== hexes[11]);
    expect(sample).toHaveLength(3);
    expect(new Set(sample).size).toBe(3);
    for (const x of sample) expect(x.state === "alive" && x.hex !== hexes[11]).toBe(true);
    expect(m.sampleAlive(3, (x) => x.hex === hexes[12])).toEqual([m.get(hexes[12] as string)]);
  });
});

describe("the membership view under random remote input", () => {
  it("stays consistent after every step of a long random sequence of alive messages, responses, expiries and failures", async () => {
    const cluster = new TestCluster();
    const node = await cluster.addNode({ endpoint: "x:7051", start: false });
    const validator = cluster.validator();
    const peers = await Promise.all([0, 1, 2, 3].map((i) => remotePeer(cluster, `p${i}:7051`)));
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const membership = internals(node.discovery).membership;
    const seen = { alive: 0, dead: 0 };
    for (let step = 0; step < 400; step++) {
      const peer = peers[random(peers.length)] as (typeof peers)[number];
      // Incarnations grow over the run, as restarts do: purged members (remembered as tombstones) come back.
      const time = { incNum: BigInt(1 + random(3) + Math.floor(step / 40)), seqNum: BigInt(random(20)) };
      const alive = craftAlive(peer.signer, { time, endpoint: peer.endpoint });
      switch (random(6)) {
        case 0:
        case 1:
          node.discovery.handleMsgFromComm(receivedFrom(peer, validator, alive));
          break;
        case 2: {
          const res = unsignedMessage({
            tag: gossip.GossipMessage.Tag.EMPTY,
            nonce: toLong(1n),
            memRes: { alive: random(2) ? [alive.envelope] : [], dead: random(2) ? [alive.envelope] : [] },
          });
          node.discovery.handleMsgFromComm(receivedFrom(peers[0] as (typeof peers)[number], validator, res));
          break;
        }
        case 3:
          internals(node.discovery).expireDeadMembers([peer.hex]);
          break;
        case 4:
          await cluster.clock.advance(random(3_000));
          internals(node.discovery).periodicalCheckAlive();
          internals(node.discovery).aliveStore.expire();
          break;
        default:
          // A long silence: every stored message expires (its member is purged) and is then forgotten.
          for (let i = 0; i < 2; i++) {
            await cluster.clock.advance(TTL + 1);
            internals(node.discovery).aliveStore.expire();
          }
      }
      const views = node.discovery.members();
      const aliveSet = new Set(membership.alive().map((member) => member.hex));
      expect(membership.aliveCount + membership.deadCount, `step ${step}`).toBe(views.length);
      for (const view of views) {
        expect(aliveSet.has(view.pkiId) === (view.state === "alive"), `step ${step}: ${view.pkiId}`).toBe(
          true,
        );
      }
      seen.alive += membership.aliveCount;
      seen.dead += membership.deadCount;
    }
    expect(seen.alive).toBeGreaterThan(0);
    expect(seen.dead).toBeGreaterThan(0);
    await cluster.stopAll();
  });
});
