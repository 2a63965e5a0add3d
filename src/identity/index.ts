// Public API of the identity layer: MSP loading, PKI-IDs, Fabric-style signatures,
// remote identity validation, and dev/test certificate generation.
export {
  type CertificateAuthority,
  createCa,
  type IssuedCertificate,
  type IssueOptions,
  issueIdentity,
  issueTlsCertificate,
} from "./ca.js";
export { type DevMaterial, generateDevMaterial } from "./dev-ca.js";
export { isLowS, signLowS, toLowS, verifyLowS } from "./ecdsa.js";
export { IdentityError, type IdentityFailureReason, MspLoadError } from "./errors.js";
export {
  loadLocalMsp,
  loadMspTrust,
  loadMspTrustWithWarnings,
  type MspTrust,
  mspTrustFromPem,
  type NodeOUs,
} from "./msp.js";
export {
  assertPkiIdMatches,
  decodeSerializedIdentity,
  MAX_MSPID_LENGTH,
  MAX_SERIALIZED_IDENTITY_BYTES,
  pkiIdHex,
  pkiIdOf,
  serializeIdentity,
} from "./pki-id.js";
export { createSigningIdentity, type SigningIdentity } from "./signing-identity.js";
export { IdentityValidator, orgOf } from "./validator.js";
