// The configuration one gossip node runs with: where it listens, how others in
// (and outside) its organisation reach it, whom it dials first, its identity and
// trust material, TLS, the admin server, and the protocol timings.
import type { AdmissionSettings } from "../comm/inbound-admission.js";
import type { LogFormat } from "../observability/log-format.js";
import type { LogSpec } from "../observability/log-spec.js";
import type { GossipTimings } from "./gossip-config.js";

export interface NodeConfig {
  /** Name in logs, metrics and the admin API. */
  peerId: string;
  /** host:port the gossip gRPC server binds. */
  listenAddress: string;
  /** host:port other peers reach this node at. */
  peerAddress: string;
  gossip: {
    /** Internal endpoint others in our org dial; defaults to peerAddress. */
    endpoint: string;
    /** Endpoint published to other orgs; "" = not visible to other orgs. */
    externalEndpoint: string;
    /** host:port of same-org peers dialled at start. */
    bootstrap: string[];
    timings: GossipTimings;
    /** Limits on inbound connections and handshakes; unset ones take comm's defaults. */
    admission?: AdmissionSettings;
  };
  localMspId: string;
  /** Absolute path of the local MSP directory. */
  mspConfigPath: string;
  /** Other orgs' CA material: each dir holds cacerts/ and optional intermediatecerts/. */
  trustedMsps: Array<{ mspId: string; dir: string }>;
  tls: {
    enabled: boolean;
    certFile?: string;
    keyFile?: string;
    rootCertFile?: string;
    clientAuthRequired: boolean;
    clientRootCAs: string[];
  };
  operations: {
    /** host:port of the admin HTTP server. */
    listenAddress: string;
    tls: {
      enabled: boolean;
      certFile?: string;
      keyFile?: string;
      clientAuthRequired: boolean;
      clientRootCAs: string[];
    };
    /** Bearer token for mutating admin routes; secret. */
    adminToken?: string;
  };
  logging: {
    /** FABRIC_LOGGING_SPEC: the default and per-module levels. */
    spec: LogSpec;
    format: LogFormat;
  };
}
