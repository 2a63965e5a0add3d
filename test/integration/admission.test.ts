// Admission to the gossip port under abuse, with real gRPC on loopback: the
// flooder binds 127.0.0.2, the legitimate member 127.0.0.1. Floods are scaled
// down (fewer connections, lower caps) where the behaviour is the same.
import * as grpc from "@grpc/grpc-js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAST_TIMINGS } from "../../src/config/gossip-config.js";
import { emptyMessage } from "../../src/protocol/messages.js";
import { signMessage } from "../../src/protocol/signed-message.js";
import { type CommUnderTest, metricValue, startComm } from "../support/comm-fixture.js";
import { Flooder, grpcPrefix } from "../support/flooder.js";
import { makeOrg, type TestOrg, validatorFor } from "../support/identities.js";
import { nextWithin, waitFor } from "../support/wait.js";

const RESOURCE_EXHAUSTED = String(grpc.status.RESOURCE_EXHAUSTED);
// FAST_TIMINGS: a connection that has not handshaked after dialTimeout + connTimeout is closed.
const HANDSHAKE_DEADLINE_MS = FAST_TIMINGS.dialTimeout + FAST_TIMINGS.connTimeout;

let org: TestOrg;
const running: CommUnderTest[] = [];
const flooders: Flooder[] = [];
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  org = await makeOrg("Org1MSP");
});

afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const f of flooders.splice(0)) f.close();
  await Promise.all(running.splice(0).map((r) => r.comm.stop()));
});

async function node(options: Parameters<typeof startComm>[2] = {}) {
  const started = await startComm(await org.newPeer(), validatorFor(org), options);
  running.push(started);
  return started;
}

function flooderAt(target: CommUnderTest): Flooder {
  const flooder = new Flooder(target.address);
  flooders.push(flooder);
  return flooder;
}

async function refused(target: CommUnderTest, reason: string): Promise<number> {
  return metricValue(target.metrics, "gossip_comm_inbound_connections_refused_total", { reason });
}

describe("gossip port admission", () => {
  it("lets a member from 127.0.0.1 join while 64 silent streams from 127.0.0.2 are kept renewed", async () => {
    const b = await node();
    const a = await node();
    const flooder = flooderAt(b);
    let open = 0;
    const topUp = () => {
      for (; open < 64; open++) void flooder.silentStream().status.then(() => open--);
    };
    topUp();
    timers.push(setInterval(topUp, 200));
    await waitFor(
      async () =>
        (await metricValue(b.metrics, "gossip_handshake_failures_total", {
          direction: "inbound",
          reason: "capacity",
        })) > 0,
      "the flood to reach the per-address cap",
    );
    for (let i = 0; i < 3; i++) {
      const identity = await a.comm.handshake(b.address);
      expect(Buffer.from(identity.pkiId)).toEqual(Buffer.from(b.peer.signingIdentity.pkiId));
    }
  });

  it("lets a member join while hundreds of half-open connections are held, closing them at the deadline", async () => {
    const b = await node({ admission: { maxUnauthenticatedPerAddress: 16 } });
    const a = await node();
    const flooder = flooderAt(b);
    const sockets = Array.from({ length: 300 }, () => flooder.silentSocket());
    await waitFor(async () => (await refused(b, "address_capacity")) >= 300 - 16, "the excess refused");
    expect(await a.comm.handshake(b.address)).toBeDefined();
    // The 16 admitted ones never speak: closed at the handshake deadline, not ~80 s later.
    await waitFor(
      () => sockets.every((s) => s.closed),
      "every silent socket closed",
      HANDSHAKE_DEADLINE_MS * 4,
    );
    expect(await refused(b, "handshake_deadline")).toBe(16);
    expect(await metricValue(b.metrics, "gossip_comm_inbound_connections")).toBe(0);
  });

  it("closes a TCP connection that never speaks HTTP/2 at the handshake deadline", async () => {
    const b = await node();
    const socket = flooderAt(b).silentSocket();
    const openedAt = Date.now();
    await waitFor(() => socket.closed, "the silent socket closed", HANDSHAKE_DEADLINE_MS * 4);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(HANDSHAKE_DEADLINE_MS - 100);
    expect(await refused(b, "handshake_deadline")).toBe(1);
  });

  it("caps the connections it accepts in all, whoever opens them", async () => {
    const b = await node({ admission: { maxInboundConnections: 5 } });
    const flooder = flooderAt(b);
    for (let i = 0; i < 8; i++) flooder.silentSocket();
    await waitFor(async () => (await refused(b, "capacity")) === 3, "three refused over the cap");
    expect(await metricValue(b.metrics, "gossip_comm_inbound_connections")).toBe(5);
  });

  it("caps handshakes in progress per remote address, leaving slots for others", async () => {
    const b = await node({ admission: { maxPendingHandshakesPerAddress: 4 } });
    const a = await node();
    const flooder = flooderAt(b);
    const streams = Array.from({ length: 6 }, () => flooder.silentStream());
    const statuses = await Promise.race([
      Promise.all(streams.slice(4).map((s) => s.status)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no refusal")), 5_000)),
    ]);
    expect(statuses).toEqual([RESOURCE_EXHAUSTED, RESOURCE_EXHAUSTED]);
    // 127.0.0.1 still gets a slot while 127.0.0.2 holds all of its own.
    expect(await a.comm.handshake(b.address)).toBeDefined();
  });

  it("refuses a first message over 64 KiB from its length prefix, before any of it is sent", async () => {
    const b = await node();
    const { stream, status } = flooderAt(b).silentStream();
    // Only the 5-byte prefix announcing 5 MiB is sent: the refusal cannot have waited for the body.
    stream.write(grpcPrefix(5 * 1024 * 1024));
    expect(await status).toBe(RESOURCE_EXHAUSTED);
    await waitFor(
      async () =>
        (await metricValue(b.metrics, "gossip_handshake_failures_total", {
          direction: "inbound",
          reason: "too_large",
        })) === 1,
      "the refusal counted as too_large",
    );
  });

  it("still accepts messages up to the maximum message size once the remote is authenticated", async () => {
    const a = await node();
    const b = await node();
    const inbox = b.comm.messages()[Symbol.asyncIterator]();
    const big = signMessage({ ...emptyMessage(), channel: Buffer.alloc(512 * 1024, 7) }, (d) =>
      a.peer.signingIdentity.sign(d),
    );
    a.comm.send(big, { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId });
    const got = await nextWithin(inbox, "the 512 KiB message");
    expect(got.signed.message.channel?.length).toBe(512 * 1024);
  });
});
