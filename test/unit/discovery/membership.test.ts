// The membership view's invariant: a known member is alive or dead, never both,
// never neither; violations are repaired and reported, never thrown.
import { describe, expect, it } from "vitest";
import type { AliveRecord } from "../../../src/discovery/alive-message.js";
import { type InvariantViolation, Membership } from "../../../src/discovery/membership.js";
import { gossip } from "../../../src/protocol/generated/wire.js";
import { toLong } from "../../../src/protocol/long.js";
import { unsignedMessage } from "../../../src/protocol/signed-message.js";
import {
  craftAlive,
  internals,
  membershipInternals,
  metric,
  receivedFrom,
  remotePeer,
  TEST_TIMINGS,
  TestCluster,
} from "./fixtures.js";

const TTL = TEST_TIMINGS.aliveExpirationTimeout * TEST_TIMINGS.msgExpirationFactor;

const record = (hex: string, seqNum: number, endpoint = `${hex}:7051`): AliveRecord =>
  ({
    hex,
    pkiId: Buffer.from(hex.padEnd(64, "0"), "hex"),
    endpoint,
    metadata: new Uint8Array(0),
    internalEndpoint: undefined,
    time: { incNum: 1n, seqNum: BigInt(seqNum) },
  }) as unknown as AliveRecord;

function membership() {
  const repairs: [string, InvariantViolation][] = [];
  const m = new Membership((hex, v) => repairs.push([hex, v]));
  return { m, repairs };
}

describe("Membership", () => {
  it("moves a member between alive and dead, keeping its last timestamp", () => {
    const { m, repairs } = membership();
    m.learnNew(record("aa", 1), "alive", 100);
    expect(m.stateOf("aa")).toBe("alive");
    expect(m.markDead("aa", 200)).toBe(true);
    expect(m.stateOf("aa")).toBe("dead");
    expect(m.liveness("aa")).toMatchObject({ lastSeen: 100, since: 200 });
    expect(m.markDead("aa", 300)).toBe(false);
    m.resurrect(record("aa", 2), 400);
    expect(m.view("aa")).toMatchObject({ state: "alive", liveness: { lastSeen: 400, since: 400 } });
    expect(repairs).toEqual([]);
  });

  it("repairs a member found both alive and dead, keeping the state of the newer timestamp", () => {
    const { m, repairs } = membership();
    m.learnNew(record("aa", 5), "alive", 0);
    membershipInternals(m).dead.set("aa", {
      time: { incNum: 1n, seqNum: 9n },
      lastSeen: 0,
      since: 0,
      record: record("aa", 9),
    });
    expect(m.stateOf("aa")).toBe("dead");
    m.learnNew(record("bb", 5), "dead", 0);
    membershipInternals(m).alive.set("bb", {
      time: { incNum: 1n, seqNum: 5n },
      lastSeen: 0,
      since: 0,
      record: record("bb", 5),
    });
    expect(m.stateOf("bb")).toBe("alive");
    expect(repairs).toEqual([
      ["aa", "alive_and_dead"],
      ["bb", "alive_and_dead"],
    ]);
  });

  it("forgets a member known in neither state, and a state without a member", () => {
    const { m, repairs } = membership();
    m.learnNew(record("aa", 1), "alive", 0);
    membershipInternals(m).alive.delete("aa");
    expect(m.stateOf("aa")).toBe("unknown");
    expect(m.info("aa")).toBeUndefined();
    membershipInternals(m).dead.set("cc", {
      time: { incNum: 1n, seqNum: 1n },
      lastSeen: 0,
      since: 0,
      record: record("cc", 1),
    });
    expect(m.stateOf("cc")).toBe("unknown");
    expect(m.liveness("cc")).toBeUndefined();
    expect(repairs.map(([, v]) => v)).toEqual(["known_but_neither", "state_without_member"]);
  });

  it("reports whether an update changed what peers see", () => {
    const { m } = membership();
    m.learnNew(record("aa", 1), "alive", 0);
    expect(m.update(record("aa", 2), 10).changed).toBe(false);
    expect(m.update(record("aa", 3, "moved:1"), 20).changed).toBe(true);
    expect(m.info("aa")?.endpoint).toBe("moved:1");
  });
});

describe("the never-alive-and-dead invariant under random remote input", () => {
  it("holds after every step of a long random sequence of alive messages, responses, expiries and failures", async () => {
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
      const time = { incNum: BigInt(1 + random(3)), seqNum: BigInt(random(20)) };
      const alive = craftAlive(peer.signer, { time, endpoint: peer.endpoint });
      switch (random(6)) {
        case 0:
        case 1:
          node.discovery.handleMessage(receivedFrom(peer, validator, alive));
          break;
        case 2: {
          const res = unsignedMessage({
            tag: gossip.GossipMessage.Tag.EMPTY,
            nonce: toLong(1n),
            memRes: { alive: random(2) ? [alive.envelope] : [], dead: random(2) ? [alive.envelope] : [] },
          });
          node.discovery.handleMessage(receivedFrom(peers[0] as (typeof peers)[number], validator, res));
          break;
        }
        case 3:
          internals(node.discovery).expireMembers([peer.hex]);
          break;
        case 4:
          await cluster.clock.advance(random(3_000));
          internals(node.discovery).checkAlive();
          internals(node.discovery).aliveStore.expire();
          break;
        default:
          // A long silence: every stored message expires (its member is purged) and is then forgotten.
          for (let i = 0; i < 2; i++) {
            await cluster.clock.advance(TTL + 1);
            internals(node.discovery).aliveStore.expire();
          }
      }
      for (const hex of membership.knownIds()) {
        const both =
          membershipInternals(membership).alive.has(hex) && membershipInternals(membership).dead.has(hex);
        const neither =
          !membershipInternals(membership).alive.has(hex) && !membershipInternals(membership).dead.has(hex);
        expect(both || neither, `step ${step}: ${hex} both=${both} neither=${neither}`).toBe(false);
      }
      seen.alive += membership.aliveCount;
      seen.dead += membership.deadCount;
    }
    expect(seen.alive).toBeGreaterThan(0);
    expect(seen.dead).toBeGreaterThan(0);
    expect(await metric(node.metrics.invariantRepairs)).toBe(0);
    await cluster.stopAll();
  });
});
