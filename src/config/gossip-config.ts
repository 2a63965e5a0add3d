// The gossip protocol's tunables and their defaults, which are Fabric's
// (peer.gossip.* in core.yaml) so this node behaves like a Fabric peer.
// Durations are milliseconds.

export interface GossipTimings {
  /** How often this node sends its alive message. Lower: faster failure detection, more traffic. */
  aliveTimeInterval: number;
  /** Silence after which a member is declared dead. Checked every tenth of it. */
  aliveExpirationTimeout: number;
  /** Pause between attempts to reach dead members and between unacked membership requests. */
  reconnectInterval: number;
  /** Attempts to handshake with, and to get an ack from, a bootstrap peer before giving up. */
  maxConnectionAttempts: number;
  /** How long a membership request waits for the response carrying its nonce. */
  membershipAckTimeout: number;
  /** Dead members and stored alive messages are forgotten after aliveExpirationTimeout times this. */
  msgExpirationFactor: number;
  /** Peers each gossiped message is sent to. */
  propagatePeerNum: number;
  /** How long after start this node attaches its identity to its alive messages. */
  publishCertPeriod: number;
  /** Identity pull (and membership sync) period. */
  pullInterval: number;
  /** Peers asked in each identity-pull round. */
  pullPeerNum: number;
  /** Identity pull waits: for the digest, for the request (responder side), for the update. */
  pullDigestWait: number;
  pullRequestWait: number;
  pullResponseWait: number;
  /** Time to establish a gRPC connection. */
  dialTimeout: number;
  /** Time to receive the remote's ConnEstablish once a stream is open. */
  connTimeout: number;
  /** Outgoing messages queued per connection before new ones are dropped. */
  sendBuffSize: number;
  /** Incoming messages queued per connection before new ones are dropped. */
  recvBuffSize: number;
  /** Largest gossip message accepted or sent, in bytes. */
  maxMessageSize: number;
}

export const FABRIC_DEFAULTS: Readonly<GossipTimings> = Object.freeze({
  aliveTimeInterval: 5_000,
  aliveExpirationTimeout: 25_000,
  reconnectInterval: 25_000,
  maxConnectionAttempts: 120,
  membershipAckTimeout: 5_000,
  msgExpirationFactor: 20,
  propagatePeerNum: 3,
  publishCertPeriod: 10_000,
  pullInterval: 4_000,
  pullPeerNum: 3,
  pullDigestWait: 1_000,
  pullRequestWait: 1_500,
  pullResponseWait: 2_000,
  dialTimeout: 3_000,
  connTimeout: 2_000,
  sendBuffSize: 200,
  recvBuffSize: 20,
  // Fabric allows 100 MiB; membership messages are a few KiB, so a far smaller bound is safe.
  maxMessageSize: 4 * 1024 * 1024,
});

/** Short intervals for tests and the local demo: a cluster converges in a second or two. */
export const FAST_TIMINGS: Readonly<GossipTimings> = Object.freeze({
  ...FABRIC_DEFAULTS,
  aliveTimeInterval: 200,
  aliveExpirationTimeout: 1_500,
  reconnectInterval: 500,
  maxConnectionAttempts: 20,
  membershipAckTimeout: 500,
  publishCertPeriod: 1_000,
  pullInterval: 400,
  pullDigestWait: 200,
  pullRequestWait: 300,
  pullResponseWait: 400,
  dialTimeout: 1_000,
  connTimeout: 1_000,
});
