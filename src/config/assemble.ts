// Phase 4 of loading: the NodeConfig from parsed, cross-checked variables. Pure
// shaping; every decision about values was taken in the earlier phases.
import type { GossipTimings } from "./gossip-config.js";
import type { NodeConfig } from "./node-config.js";
import type { ParsedVariables } from "./parse-variables.js";
import * as V from "./variables.js";

export function assembleConfig(p: ParsedVariables): NodeConfig {
  const localMspId = p.get(V.LOCAL_MSP_ID);
  return {
    peerId: p.get(V.PEER_ID),
    listenAddress: p.get(V.LISTEN_ADDRESS),
    peerAddress: p.get(V.PEER_ADDRESS),
    gossip: {
      endpoint: p.get(V.GOSSIP_ENDPOINT),
      externalEndpoint: p.get(V.GOSSIP_EXTERNAL_ENDPOINT),
      bootstrap: p.get(V.GOSSIP_BOOTSTRAP),
      timings: gossipTimings(p),
      admission: admission(p),
    },
    localMspId,
    mspConfigPath: p.get(V.MSP_CONFIG_PATH),
    trustedMsps: p.get(V.TRUSTED_MSPS).filter((t) => t.mspId !== localMspId),
    tls: {
      enabled: p.get(V.TLS_ENABLED),
      ...optional({
        certFile: p.get(V.TLS_CERT_FILE),
        keyFile: p.get(V.TLS_KEY_FILE),
        rootCertFile: p.get(V.TLS_ROOTCERT_FILE),
      }),
      clientAuthRequired: p.get(V.TLS_CLIENT_AUTH_REQUIRED),
      clientRootCAs: p.get(V.TLS_CLIENT_ROOT_CAS),
    },
    operations: operations(p),
    logging: { spec: p.get(V.LOGGING_SPEC), format: p.get(V.LOGGING_FORMAT) },
  };
}

/** Gossip port admission limits; an automatic (0) connection cap is left for comm to derive. */
function admission(p: ParsedVariables): NodeConfig["gossip"]["admission"] {
  const maxInboundConnections = p.get(V.MAX_INBOUND_CONNECTIONS);
  return {
    ...(maxInboundConnections > 0 ? { maxInboundConnections } : {}),
    maxPendingHandshakes: p.get(V.MAX_PENDING_HANDSHAKES),
    maxPendingHandshakesPerAddress: p.get(V.MAX_PENDING_HANDSHAKES_PER_ADDRESS),
    maxUnauthenticatedPerAddress: p.get(V.MAX_UNAUTHENTICATED_PER_ADDRESS),
  };
}

function gossipTimings(p: ParsedVariables): GossipTimings {
  return {
    aliveTimeInterval: p.get(V.ALIVE_TIME_INTERVAL),
    aliveExpirationTimeout: p.get(V.ALIVE_EXPIRATION_TIMEOUT),
    reconnectInterval: p.get(V.RECONNECT_INTERVAL),
    maxConnectionAttempts: p.get(V.MAX_CONNECTION_ATTEMPTS),
    membershipAckTimeout: p.get(V.MEMBERSHIP_ACK_TIMEOUT),
    msgExpirationFactor: p.get(V.MSG_EXPIRATION_FACTOR),
    propagatePeerNum: p.get(V.PROPAGATE_PEER_NUM),
    publishCertPeriod: p.get(V.PUBLISH_CERT_PERIOD),
    pullInterval: p.get(V.PULL_INTERVAL),
    pullPeerNum: p.get(V.PULL_PEER_NUM),
    pullDigestWait: p.get(V.PULL_DIGEST_WAIT),
    pullRequestWait: p.get(V.PULL_REQUEST_WAIT),
    pullResponseWait: p.get(V.PULL_RESPONSE_WAIT),
    dialTimeout: p.get(V.DIAL_TIMEOUT),
    connTimeout: p.get(V.CONN_TIMEOUT),
    sendBuffSize: p.get(V.SEND_BUFF_SIZE),
    recvBuffSize: p.get(V.RECV_BUFF_SIZE),
    maxMessageSize: p.get(V.MAX_MESSAGE_SIZE),
  };
}

function operations(p: ParsedVariables): NodeConfig["operations"] {
  return {
    listenAddress: p.get(V.OPERATIONS_LISTEN_ADDRESS),
    tls: {
      enabled: p.get(V.OPERATIONS_TLS_ENABLED),
      ...optional({ certFile: p.get(V.OPERATIONS_TLS_CERT_FILE), keyFile: p.get(V.OPERATIONS_TLS_KEY_FILE) }),
      clientAuthRequired: p.get(V.OPERATIONS_TLS_CLIENT_AUTH_REQUIRED),
      clientRootCAs: p.get(V.OPERATIONS_TLS_CLIENT_ROOT_CAS),
    },
    ...optional({ adminToken: p.get(V.ADMIN_TOKEN) }),
  };
}

/** Drops undefined entries so optional fields are absent rather than present-and-undefined. */
function optional<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}
