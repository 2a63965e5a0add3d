import dns from "node:dns";
import net from "node:net";
import * as grpc from "@grpc/grpc-js";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SystemClock } from "../../src/clock/clock.js";
import { PKI_ID_MISMATCH_MESSAGE } from "../../src/comm/errors.js";
import { gossipServiceDefinition, openGossipStream } from "../../src/comm/grpc-service.js";
import { encodeConnEstablish } from "../../src/comm/handshake.js";
import { pkiIdHex } from "../../src/identity/pki-id.js";
import { emptyMessage, kindOf } from "../../src/protocol/messages.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  openEnvelope,
  signMessage,
} from "../../src/protocol/signed-message.js";
import {
  type CommUnderTest,
  inboundHandshakeFailures,
  metricValue,
  startComm,
  tlsOptionsFor,
} from "../support/comm-fixture.js";
import { makeOrg, type TestOrg, validatorFor } from "../support/identities.js";
import { nextWithin, waitFor } from "../support/wait.js";

let org1: TestOrg;
let org2: TestOrg;
const running: CommUnderTest[] = [];
const clients: grpc.Client[] = [];
const servers: grpc.Server[] = [];
/** Closes the silent listeners a test opened, and the connections they hold. */
const listenerClosers: Array<() => void> = [];

beforeAll(async () => {
  org1 = await makeOrg("Org1MSP");
  org2 = await makeOrg("Org2MSP");
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.forceShutdown();
  for (const close of listenerClosers.splice(0)) close();
  await Promise.all(running.splice(0).map((r) => r.comm.stop()));
});

async function node(org: TestOrg, options: Parameters<typeof startComm>[2] = {}, trusted: TestOrg[] = [org]) {
  const started = await startComm(await org.newPeer(), validatorFor(...trusted), options);
  running.push(started);
  return started;
}

function signedEmpty(from: CommUnderTest) {
  return signMessage(emptyMessage(), (d) => from.peer.signingIdentity.sign(d));
}

type PingStub = (answer: grpc.sendUnaryData<Buffer>) => void;

/** A Ping answered after delayMs. */
const pingAfter =
  (delayMs: number): PingStub =>
  (answer) =>
    setTimeout(() => answer(null, Buffer.alloc(0)), delayMs);

/** A gossip server whose Ping is `ping` and that leaves GossipStreams to onStream (silent by default); resolves with its port. */
async function stubGossipServer(
  ping: PingStub,
  onStream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => void = () => {},
): Promise<number> {
  const server = new grpc.Server();
  server.addService(gossipServiceDefinition, {
    GossipStream: onStream,
    Ping: (_call: unknown, answer: grpc.sendUnaryData<Buffer>) => ping(answer),
  });
  servers.push(server);
  return new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
}

/**
 * Real time and timers, but now() can leap ahead: what a process sees of a stall,
 * at the exact moment the test chooses (a busy loop cannot pick which callback runs late).
 */
class LeapingClock extends SystemClock {
  private leapedMs = 0;

  leap(ms: number): void {
    this.leapedMs += ms;
  }

  override now(): number {
    return super.now() + this.leapedMs;
  }
}

/** Opens a raw stream and sends the given first message, as a misbehaving dialer would. */
function rawStream(address: string) {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  clients.push(client);
  const call = openGossipStream(client);
  const received: Buffer[] = [];
  call.on("data", (b: Buffer) => received.push(b));
  const status = new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
  call.on("error", () => {});
  return { call, received, status };
}

/** Sends every 200 ms until one message arrives: what gossip's periodic sends do after a lost race. */
async function sendUntilReceived(send: () => void, inbox: AsyncIterator<unknown>) {
  send();
  const resend = setInterval(send, 200);
  try {
    await nextWithin(inbox, "a message after the race");
  } finally {
    clearInterval(resend);
  }
}

describe("gRPC comm", () => {
  it("handshakes in plaintext and returns the remote's validated identity", async () => {
    const a = await node(org1);
    const b = await node(org1);
    const identity = await a.comm.handshake(b.address);
    expect(pkiIdHex(identity.pkiId)).toBe(pkiIdHex(b.peer.signingIdentity.pkiId));
    expect(identity.mspId).toBe("Org1MSP");
    // Each side's ConnEstablish counts as a "conn" message both ways (it used to never move).
    for (const direction of ["sent", "received"]) {
      for (const n of [a, b]) {
        expect(await metricValue(n.metrics, `gossip_messages_${direction}_total`, { type: "conn" })).toBe(1);
      }
    }
    expect(await metricValue(a.metrics, "gossip_comm_tls_enabled")).toBe(0);
    expect(await metricValue(a.metrics, "gossip_handshake_attempts_total", { direction: "outbound" })).toBe(
      1,
    );
  });

  it("delivers a sent message to the remote with the sender's PKI-ID, and a response comes back", async () => {
    const a = await node(org1);
    const b = await node(org1);
    const bInbox = b.comm.messages()[Symbol.asyncIterator]();
    const aInbox = a.comm.messages()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId });
    const got = await nextWithin(bInbox, "message at b");
    expect(kindOf(got.signed.message)).toBe("empty");
    expect(pkiIdHex(got.sender.pkiId)).toBe(pkiIdHex(a.peer.signingIdentity.pkiId));
    got.respond(signedEmpty(b));
    const reply = await nextWithin(aInbox, "reply at a");
    expect(pkiIdHex(reply.sender.pkiId)).toBe(pkiIdHex(b.peer.signingIdentity.pkiId));
    expect(a.comm.connectedPeers().map(pkiIdHex)).toEqual([pkiIdHex(b.peer.signingIdentity.pkiId)]);
  });

  it("handshakes over mutual TLS, binding each side's TLS certificate hash", async () => {
    const aPeer = await org1.newPeer();
    const bPeer = await org1.newPeer();
    const a = await startComm(aPeer, validatorFor(org1), { tls: tlsOptionsFor(aPeer, org1) });
    const b = await startComm(bPeer, validatorFor(org1), {
      tls: {
        ...tlsOptionsFor(bPeer, org1),
        clientAuthRequired: true,
        clientRootCertsPem: [org1.tlsCaCertPem],
      },
    });
    running.push(a, b);
    const identity = await a.comm.handshake(b.address);
    expect(pkiIdHex(identity.pkiId)).toBe(pkiIdHex(bPeer.signingIdentity.pkiId));
    expect(await metricValue(b.metrics, "gossip_comm_tls_enabled")).toBe(1);
    expect(await metricValue(b.metrics, "gossip_comm_tls_client_auth_required")).toBe(1);
    expect(await metricValue(a.metrics, "gossip_comm_tls_client_auth_required")).toBe(0);
    const inbox = b.comm.messages()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: b.address, pkiId: bPeer.signingIdentity.pkiId });
    expect(pkiIdHex((await nextWithin(inbox, "tls message")).sender.pkiId)).toBe(
      pkiIdHex(aPeer.signingIdentity.pkiId),
    );
  });

  it("builds its TLS client credentials once, not once per dial", async () => {
    const createSsl = vi.spyOn(grpc.credentials, "createSsl");
    try {
      const aPeer = await org1.newPeer();
      const a = await startComm(aPeer, validatorFor(org1), { tls: tlsOptionsFor(aPeer, org1) });
      running.push(a);
      const servers = [];
      for (let i = 0; i < 3; i++) {
        const peer = await org1.newPeer();
        servers.push(await startComm(peer, validatorFor(org1), { tls: tlsOptionsFor(peer, org1) }));
      }
      running.push(...servers);
      for (const b of servers) {
        const identity = await a.comm.handshake(b.address);
        expect(pkiIdHex(identity.pkiId)).toBe(pkiIdHex(b.peer.signingIdentity.pkiId));
      }
      expect(
        await a.comm.ping({ endpoint: servers[0]?.address ?? "", pkiId: aPeer.signingIdentity.pkiId }),
      ).toBe(true);
      // One per comm created here (a and its three peers), none per dial or ping.
      expect(createSsl).toHaveBeenCalledTimes(4);
    } finally {
      createSsl.mockRestore();
    }
  });

  it("dials a DNS name through the resolver, without a TXT query for a service config", async () => {
    const resolveTxt = vi.spyOn(dns.promises, "resolveTxt");
    try {
      const a = await node(org1);
      const b = await node(org1);
      const port = b.address.split(":").at(-1);
      const identity = await a.comm.handshake(`localhost:${port}`);
      expect(pkiIdHex(identity.pkiId)).toBe(pkiIdHex(b.peer.signingIdentity.pkiId));
      expect(resolveTxt).not.toHaveBeenCalled();
    } finally {
      resolveTxt.mockRestore();
    }
  });

  it("refuses a dialer whose tls_cert_hash does not match the certificate it presented", async () => {
    const bPeer = await org1.newPeer();
    const b = await startComm(bPeer, validatorFor(org1), { tls: tlsOptionsFor(bPeer, org1) });
    running.push(b);
    const liar = await org1.newPeer();
    const client = new grpc.Client(
      b.address,
      grpc.credentials.createSsl(
        Buffer.from(org1.tlsCaCertPem),
        Buffer.from(liar.tlsKeyPem),
        Buffer.from(liar.tlsCertPem),
      ),
    );
    clients.push(client);
    const call = openGossipStream(client);
    call.on("data", () => {});
    call.on("error", () => {});
    const status = new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    call.write(encodeConnEstablish(liar.signingIdentity, Buffer.alloc(32, 7), false));
    const ended = await status;
    expect(ended.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(ended.details).toMatch(/tls_cert_hash/);
    expect(await inboundHandshakeFailures(b.metrics, "tls_hash_mismatch")).toBe(1);
  });

  it("fails a handshake whose remote is not the expected PKI-ID, in Fabric's words", async () => {
    const a = await node(org1);
    const b = await node(org1);
    const other = await org1.newPeer();
    await expect(a.comm.handshake(b.address, other.signingIdentity.pkiId)).rejects.toMatchObject({
      reason: "pki_id_mismatch",
      message: PKI_ID_MISMATCH_MESSAGE,
    });
    expect(
      await metricValue(a.metrics, "gossip_handshake_failures_total", {
        direction: "outbound",
        reason: "pki_id_mismatch",
      }),
    ).toBe(1);
  });

  it("rejects a ConnEstablish whose signature does not verify, closing the stream with the reason", async () => {
    const b = await node(org1);
    const mallory = await org1.newPeer();
    const good = decodeEnvelope(encodeConnEstablish(mallory.signingIdentity, undefined, false), 1 << 20);
    const forged = Buffer.from(encodeEnvelope({ payload: good.payload, signature: Buffer.alloc(70, 1) }));
    const raw = rawStream(b.address);
    raw.call.write(forged);
    const status = await raw.status;
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(status.details).toBe("The signature is invalid");
    // The acceptor spoke first, without waiting for the dialer.
    expect(openEnvelope(decodeEnvelope(raw.received[0] as Buffer, 1 << 20)).message.conn).toBeTruthy();
    expect(await inboundHandshakeFailures(b.metrics, "bad_signature")).toBe(1);
  });

  it("rejects an identity that claims another PKI-ID", async () => {
    const b = await node(org1);
    const mallory = await org1.newPeer();
    const victim = await org1.newPeer();
    const claim = signMessage(
      {
        tag: 1,
        conn: { pkiId: victim.signingIdentity.pkiId, identity: mallory.signingIdentity.serialized },
      },
      (d) => mallory.signingIdentity.sign(d),
    );
    const raw = rawStream(b.address);
    raw.call.write(Buffer.from(encodeEnvelope(claim.envelope)));
    const status = await raw.status;
    expect(status.details).toBe("identity doesn't match the computed pkiID");
  });

  it("rejects a peer whose CA this node does not trust, on both sides", async () => {
    const a = await node(org1);
    const stranger = await node(org2);
    await expect(stranger.comm.handshake(a.address)).rejects.toMatchObject({ reason: "untrusted_identity" });
    await waitFor(
      async () => (await inboundHandshakeFailures(a.metrics, "untrusted_identity")) === 1,
      "inbound untrusted_identity counted",
    );
  });

  it("gives up on a peer that never sends its ConnEstablish within connTimeout", async () => {
    const port = await stubGossipServer(pingAfter(0));
    const a = await node(org1, {
      timings: { ...(await import("../../src/config/gossip-config.js")).FAST_TIMINGS, connTimeout: 300 },
    });
    const started = Date.now();
    await expect(a.comm.handshake(`127.0.0.1:${port}`)).rejects.toMatchObject({ reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives a slow Ping connTimeout of its own after the connection, as Fabric's dial and probe do", async () => {
    // The Ping answers after 400 ms: beyond dialTimeout, well within connTimeout.
    const port = await stubGossipServer(pingAfter(400));
    const { FAST_TIMINGS } = await import("../../src/config/gossip-config.js");
    const a = await node(org1, { timings: { ...FAST_TIMINGS, dialTimeout: 200, connTimeout: 1_500 } });
    const slow = { endpoint: `127.0.0.1:${port}`, pkiId: (await org1.newPeer()).signingIdentity.pkiId };
    expect(await a.comm.ping(slow)).toBe(true);
    // The dial gets past the Ping; the stub never sends its ConnEstablish, so the handshake times out.
    await expect(a.comm.handshake(slow.endpoint)).rejects.toMatchObject({ reason: "timeout" });
  });

  it("drops a send whose new connection is already closed, without presuming the peer dead", async () => {
    // As Fabric's send on a closing connection: simultaneous dials can close the stream a dial just
    // won (the tie-break) before the send gets to it. The peer answered; it is not dead.
    const a = await node(org1);
    const peer = await org1.newPeer();
    const comm = a.comm as unknown as { connectionTo(): Promise<{ isClosed: boolean }> };
    vi.spyOn(comm, "connectionTo").mockResolvedValue({ isClosed: true });
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: "127.0.0.1:1", pkiId: peer.signingIdentity.pkiId });
    await waitFor(
      async () => (await metricValue(a.metrics, "gossip_messages_dropped_total", { reason: "closed" })) === 1,
      "the send dropped as closed",
    );
    await a.comm.stop();
    expect((await dead.next()).done).toBe(true);
  });

  it("sends over the peer's own connection when our dial to it fails meanwhile, without presuming it dead", async () => {
    // Fabric's getConnection looks again after a failed dial: a peer that was dialing us at the same
    // time, and got through, answered. Our dial goes to an endpoint that accepts TCP and never speaks
    // HTTP/2 (as a peer too busy to answer in time), so it fails after dialTimeout.
    const { FAST_TIMINGS } = await import("../../src/config/gossip-config.js");
    const a = await node(org1, { timings: { ...FAST_TIMINGS, dialTimeout: 2_000 } });
    const b = await node(org1);
    const silent = await silentListener();
    const toA = { endpoint: a.address, pkiId: a.peer.signingIdentity.pkiId };
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    const inboxA = a.comm.messages()[Symbol.asyncIterator]();
    const inboxB = b.comm.messages()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: silent, pkiId: b.peer.signingIdentity.pkiId });
    b.comm.send(signedEmpty(b), toA);
    expect(pkiIdHex((await nextWithin(inboxA, "b's message, on b's connection")).sender.pkiId)).toBe(
      pkiIdHex(b.peer.signingIdentity.pkiId),
    );
    const fromA = await nextWithin(inboxB, "a's message, once its own dial failed");
    expect(pkiIdHex(fromA.sender.pkiId)).toBe(pkiIdHex(a.peer.signingIdentity.pkiId));
    expect(await outboundHandshakeFailures(a, "dial")).toBe(1);
    await a.comm.stop();
    expect((await dead.next()).done).toBe(true);
  });

  it("does not presume a peer dead when its dial timed out while this process was stalled", async () => {
    // The dial's deadline fires only when the event loop runs again: a deadline that fires long
    // after it was due measured our own stall (a starved CPU, a GC pause), not the peer's silence.
    const a = await node(org1);
    const silent = await silentListener();
    const ghost = await org1.newPeer();
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: silent, pkiId: ghost.signingIdentity.pkiId });
    // This process stalls past the dial's deadline (FAST_TIMINGS: dialTimeout 1 s) by over half of it.
    const stalledUntil = performance.now() + 1_600;
    while (performance.now() < stalledUntil);
    await expectDroppedAsStalled(a, dead);
  });

  it("presumes a peer dead when its Ping failed for its own reason, even if this process saw it late", async () => {
    // Only a deadline that fired late is blamed on our stall. The peer refuses the Ping, and this
    // process's clock leaps past the Ping's deadline meanwhile (as a stall would make it look):
    // the failure is still the peer's, and the peer is presumed dead, as in Fabric.
    const clock = new LeapingClock();
    const port = await stubGossipServer((answer) => {
      clock.leap(5_000);
      answer({ code: grpc.status.UNAVAILABLE, details: "going away" });
    });
    const a = await node(org1, { clock });
    const ghost = (await org1.newPeer()).signingIdentity.pkiId;
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: `127.0.0.1:${port}`, pkiId: ghost });
    expect(pkiIdHex(await nextWithin(dead, "the peer presumed dead"))).toBe(pkiIdHex(ghost));
    expect(await outboundHandshakeFailures(a, "dial")).toBe(1);
    expect(await outboundHandshakeFailures(a, "stalled")).toBe(0);
  });

  it("does not presume a peer dead when its Ping's deadline fired while this process was stalled", async () => {
    // The same leap, but the Ping goes unanswered: its deadline fires, long past due as this
    // process sees it, so the failure is our stall's and the send is dropped as stalled.
    const clock = new LeapingClock();
    const port = await stubGossipServer(() => clock.leap(5_000));
    const a = await node(org1, { clock });
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), {
      endpoint: `127.0.0.1:${port}`,
      pkiId: (await org1.newPeer()).signingIdentity.pkiId,
    });
    await expectDroppedAsStalled(a, dead);
  });

  it("reports a dial failure for an endpoint nobody listens on", async () => {
    const a = await node(org1);
    const closed = await node(org1);
    const address = closed.address;
    await closed.comm.stop();
    await expect(a.comm.handshake(address)).rejects.toMatchObject({ reason: "dial" });
  });

  it("refuses to send an oversized message, and drops and counts one it receives", async () => {
    const { FAST_TIMINGS } = await import("../../src/config/gossip-config.js");
    const a = await node(org1, { timings: { ...FAST_TIMINGS, maxMessageSize: 1024 * 1024 } });
    const b = await node(org1, { timings: { ...FAST_TIMINGS, maxMessageSize: 16 * 1024 } });
    const big = signMessage({ tag: 1, empty: {}, channel: Buffer.alloc(32 * 1024, 1) }, (d) =>
      a.peer.signingIdentity.sign(d),
    );
    const toB = { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId };
    const toA = { endpoint: a.address, pkiId: a.peer.signingIdentity.pkiId };
    // b will not send what it would not accept.
    b.comm.send(big, toA);
    const tooLarge = (type: string) =>
      metricValue(b.metrics, "gossip_messages_dropped_total", { type, reason: "too_large" });
    expect(await tooLarge("empty")).toBe(1);

    // a (with a larger limit) sends it anyway: b drops and counts it, and the stream stays up.
    const inbox = b.comm.messages()[Symbol.asyncIterator]();
    a.comm.send(big, toB);
    a.comm.send(signedEmpty(a), toB);
    const delivered = await nextWithin(inbox, "the small message after the big one");
    expect(kindOf(delivered.signed.message)).toBe("empty");
    // Refused before decoding: its type is unknown.
    expect([await tooLarge("empty"), await tooLarge("unknown")]).toEqual([1, 1]);
  });

  it("fails a stream whose first message is far beyond any handshake, without reading it", async () => {
    const b = await node(org1);
    const raw = rawStream(b.address);
    raw.call.write(Buffer.alloc(2 * 1024 * 1024, 1));
    const status = await raw.status;
    expect(status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(status.details).toMatch(/larger than max \(2097152 vs 65536\)/);
    await waitFor(
      async () => (await inboundHandshakeFailures(b.metrics, "too_large")) === 1,
      "the refusal counted as too_large",
    );
  });

  it("refuses endpoints that are not host:port, such as unix sockets, without dialing", async () => {
    const a = await node(org1);
    await expect(a.comm.handshake("unix:/tmp/some.sock")).rejects.toMatchObject({ reason: "dial" });
    expect(
      await a.comm.ping({ endpoint: "dns:///example.org:7051", pkiId: a.peer.signingIdentity.pkiId }),
    ).toBe(false);
  });

  it("caps handshakes in progress and counts the refusals", async () => {
    const b = await node(org1, { admission: { maxPendingHandshakes: 2 } });
    const silent = [rawStream(b.address), rawStream(b.address), rawStream(b.address)];
    const refused = await Promise.race(silent.map((s) => s.status));
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(await inboundHandshakeFailures(b.metrics, "capacity")).toBe(1);
  });

  it("drops and counts messages beyond the send buffer instead of growing it", async () => {
    const { FAST_TIMINGS } = await import("../../src/config/gossip-config.js");
    const a = await node(org1, { timings: { ...FAST_TIMINGS, sendBuffSize: 2 } });
    const b = await node(org1);
    const target = { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId };
    a.comm.send(signedEmpty(a), target);
    await waitFor(() => a.comm.connectedPeers().length === 1, "connection");
    const total = 200;
    const message = signedEmpty(a);
    for (let i = 0; i < total; i++) a.comm.send(message, target);
    await waitFor(
      async () =>
        (await metricValue(a.metrics, "gossip_comm_messages_sent")) +
          (await metricValue(a.metrics, "gossip_comm_overflow_count")) ===
        total + 1,
      "every send accounted for",
    );
    const overflow = await metricValue(a.metrics, "gossip_comm_overflow_count");
    expect(overflow).toBeGreaterThan(0);
    expect(await metricValue(a.metrics, "gossip_messages_dropped_total", { reason: "overflow" })).toBe(
      overflow,
    );
  });

  it("lets a restarted peer's new inbound stream replace its old connection (Fabric's tie-break)", async () => {
    const peerA = await org1.newPeer();
    const a = await startComm(peerA, validatorFor(org1));
    running.push(a);
    const b = await node(org1);
    const bInbox = b.comm.messages()[Symbol.asyncIterator]();
    const toB = { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId };
    a.comm.send(signedEmpty(a), toB);
    await nextWithin(bInbox, "a's message");
    // a restarts with the same identity and dials again while b still holds the old stream.
    await a.comm.stop();
    const restarted = await startComm(peerA, validatorFor(org1));
    running.push(restarted);
    restarted.comm.send(signedEmpty(restarted), toB);
    await nextWithin(bInbox, "the restarted a's message");
    await waitFor(
      async () =>
        (await metricValue(b.metrics, "gossip_comm_streams_total", { event: "registered" })) === 2 &&
        b.comm.connectedPeers().length === 1,
      "the new stream registered, one connection kept",
    );
    // b answers on the stream a dialled: no dial of its own.
    const aInbox = restarted.comm.messages()[Symbol.asyncIterator]();
    b.comm.send(signedEmpty(b), { endpoint: restarted.address, pkiId: peerA.signingIdentity.pkiId });
    await nextWithin(aInbox, "b's reply on the existing stream");
    expect(await metricValue(b.metrics, "gossip_handshake_attempts_total", { direction: "outbound" })).toBe(
      0,
    );
  });

  it("recovers when both sides dial at once: the next sends get through", async () => {
    const a = await node(org1);
    const b = await node(org1);
    const aInbox = a.comm.messages()[Symbol.asyncIterator]();
    const bInbox = b.comm.messages()[Symbol.asyncIterator]();
    const toA = { endpoint: a.address, pkiId: a.peer.signingIdentity.pkiId };
    const toB = { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId };
    // As with Fabric, each side keeps the stream the other dialled and drops its own, so a
    // perfectly simultaneous race can close both; the next send that is not simultaneous wins.
    a.comm.send(signedEmpty(a), toB);
    b.comm.send(signedEmpty(b), toA);
    await sendUntilReceived(() => a.comm.send(signedEmpty(a), toB), bInbox);
    await waitFor(() => b.comm.connectedPeers().length === 1, "b connected");
    b.comm.send(signedEmpty(b), toA);
    await nextWithin(aInbox, "b's message on the same connection");
    expect(a.comm.connectedPeers()).toHaveLength(1);
  });

  it("reports a peer it cannot reach as presumed dead", async () => {
    const a = await node(org1);
    const ghost = await org1.newPeer();
    const dead = a.comm.presumedDead()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: "127.0.0.1:1", pkiId: ghost.signingIdentity.pkiId });
    expect(pkiIdHex(await nextWithin(dead, "presumed dead"))).toBe(pkiIdHex(ghost.signingIdentity.pkiId));
  });

  it("answers Ping, and ping reports an unreachable peer as down", async () => {
    const a = await node(org1);
    const b = await node(org1);
    expect(await a.comm.ping({ endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId })).toBe(true);
    expect(await a.comm.ping({ endpoint: "127.0.0.1:1", pkiId: b.peer.signingIdentity.pkiId })).toBe(false);
  });

  it("leaves no open sockets or servers after stop()", async () => {
    const handles = () =>
      process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap").length;
    const before = handles();
    const a = await startComm(await org1.newPeer(), validatorFor(org1));
    const b = await startComm(await org1.newPeer(), validatorFor(org1));
    const inbox = b.comm.messages()[Symbol.asyncIterator]();
    a.comm.send(signedEmpty(a), { endpoint: b.address, pkiId: b.peer.signingIdentity.pkiId });
    await nextWithin(inbox, "message");
    expect(handles()).toBeGreaterThan(before);
    await Promise.all([a.comm.stop(), b.comm.stop()]);
    await waitFor(() => handles() <= before, "sockets closed");
    expect((await inbox.next()).done).toBe(true);
  });
});

/** A TCP listener that accepts connections and never answers (a dial to it times out); closed after each test. */
async function silentListener(): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  listenerClosers.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** The send was dropped and counted as `stalled`, and stop() ends presumedDead with nobody presumed dead. */
async function expectDroppedAsStalled(a: CommUnderTest, dead: AsyncIterator<Uint8Array>): Promise<void> {
  await waitFor(
    async () => (await metricValue(a.metrics, "gossip_messages_dropped_total", { reason: "stalled" })) === 1,
    "the send dropped as stalled",
  );
  expect(await outboundHandshakeFailures(a, "stalled")).toBe(1);
  await a.comm.stop();
  expect((await dead.next()).done).toBe(true);
}

function outboundHandshakeFailures(from: CommUnderTest, reason: string): Promise<number> {
  return metricValue(from.metrics, "gossip_handshake_failures_total", { direction: "outbound", reason });
}
