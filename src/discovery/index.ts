export {
  type AckedSendDeps,
  type AckedSendOptions,
  type AckedSendOutcome,
  ackTopic,
  sendUntilAcked,
} from "./acked-send.js";
export { type AliveRecord, type AuthResult, authenticateAlive, parseAlive } from "./alive-message.js";
export { type AliveCheck, AliveStore } from "./alive-store.js";
export type { ConnectionError, ConnectionState, ConnectionStatus } from "./connections.js";
export { type Disclosure, type DisclosureTarget, disclosurePolicy, type OrgLookup } from "./disclosure.js";
export {
  Discovery,
  type MemberSnapshot,
  type MemberState,
  type Readiness,
  type SelfSnapshot,
} from "./discovery.js";
export { DiscoveryError, type DiscoveryFailureReason } from "./errors.js";
export type { MembershipEvent, MembershipEventKind, MembershipListener } from "./events.js";
export type { ConnectTarget, DiscoveryOptions, Identify, PeerIdentification, SelfMember } from "./options.js";
