// Who may learn what about whom (Fabric's gossip_impl disclosurePolicy and its
// alive-message routing). Within an org everything is shared, internal
// endpoints included. Across orgs a peer learns only members of our org or of
// its own org, never a third org's; our members only when both sides have an
// external endpoint; and SecretEnvelopes (internal endpoints) never leave the org.
import type { gossip } from "../protocol/generated/wire.js";
import { envelopeWithoutSecret } from "../protocol/signed-message.js";
import type { AliveFacts } from "./alive-message.js";

export interface OrgLookup {
  readonly selfMspId: string;
  /** The MSP ID of a member (by hex PKI-ID), including ourselves; undefined when unknown. */
  orgOf(hex: string): string | undefined;
}

/** The peer that asked (or is being told): its org and its external endpoint. */
export interface DisclosureTarget {
  readonly mspId: string | undefined;
  readonly endpoint: string;
}

export interface Disclosure {
  /** Fabric's Sieve: may this member's alive message be shown to the target? */
  shouldDisclose(record: AliveFacts): boolean;
  /** Fabric's EnvelopeFilter: the envelope as the target may see it (without its SecretEnvelope across orgs). */
  conceal(envelope: gossip.IEnvelope): gossip.IEnvelope;
}

const NOTHING: Disclosure = { shouldDisclose: () => false, conceal: (envelope) => envelope };

export function disclosurePolicy(orgs: OrgLookup, target: DisclosureTarget): Disclosure {
  const targetOrg = target.mspId;
  // An org we cannot determine learns nothing.
  if (!targetOrg) return NOTHING;
  const sameOrg = targetOrg === orgs.selfMspId;
  return {
    shouldDisclose(record) {
      const org = orgs.orgOf(record.hex);
      if (!org) return false;
      const fromTargetOrg = org === targetOrg;
      const fromOurOrg = org === orgs.selfMspId;
      if (!fromTargetOrg && !fromOurOrg) return false;
      return fromTargetOrg || (record.endpoint !== "" && target.endpoint !== "");
    },
    conceal: (envelope) => (sameOrg ? envelope : envelopeWithoutSecret(envelope)),
  };
}

export interface RoutingPeer {
  readonly hex: string;
  /** The peer's external endpoint ("" when it has none). */
  readonly endpoint: string;
}

/**
 * Which members may receive an alive message gossiped about `origin`
 * (Fabric's peersByOriginOrgPolicy and org-restricted alive messages), and
 * which of them may see its SecretEnvelope (Fabric's sendAndFilterSecrets:
 * only members of our org).
 */
export function aliveRouting(
  orgs: OrgLookup,
  origin: AliveFacts,
): {
  eligible(peer: RoutingPeer): boolean;
  seesSecrets(peer: RoutingPeer): boolean;
} {
  const originOrg = orgs.orgOf(origin.hex);
  const fromOurOrg = originOrg === orgs.selfMspId;
  return {
    eligible(peer) {
      // Don't disseminate messages whose origin org is undetermined.
      if (!originOrg) return false;
      const peerOrg = orgs.orgOf(peer.hex);
      if (!peerOrg) return false;
      if (fromOurOrg) {
        // A member of ours without an external endpoint stays inside our org.
        return origin.endpoint !== "" || peerOrg === orgs.selfMspId;
      }
      if (peerOrg !== orgs.selfMspId && peerOrg !== originOrg) return false;
      // Foreign alive messages go only to peers that are reachable from outside.
      return peer.endpoint !== "";
    },
    seesSecrets(peer) {
      return orgs.orgOf(peer.hex) === orgs.selfMspId;
    },
  };
}
