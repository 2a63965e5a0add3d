// Public API of the identity layer: MSP loading, PKI-IDs, Fabric-style signatures,
// remote identity validation, and dev/test certificate generation.
export {
  type CaOptions,
  type CertificateAuthority,
  createCa,
  type IssuedCertificate,
  type IssueOptions,
  issueIdentity,
  issueTlsCertificate,
  type TlsIssueOptions,
} from "./ca.js";
export { canonicalCertificatePem } from "./certificate.js";
export { type DevMaterial, type DevMaterialOptions, type DevPeer, generateDevMaterial } from "./dev-ca.js";
export { isLowS, signLowS, toLowS, verifyLowS } from "./ecdsa.js";
export { IdentityError, type IdentityFailureReason, MspLoadError } from "./errors.js";
export {
  type LoadLocalMspOptions,
  type LocalMsp,
  loadLocalMsp,
  loadMspTrust,
  loadMspTrustWithWarnings,
  type MspTrust,
  type MspTrustWithWarnings,
  mspTrustFromPem,
  type NodeOUs,
  type NodeRole,
} from "./msp.js";
export {
  assertPkiIdMatches,
  type DecodedIdentity,
  decodeSerializedIdentity,
  MAX_MSPID_LENGTH,
  MAX_SERIALIZED_IDENTITY_BYTES,
  pkiIdHex,
  pkiIdOf,
  serializeIdentity,
} from "./pki-id.js";
export { createSigningIdentity, type SigningIdentity } from "./signing-identity.js";
export { DEFAULT_CACHE_SIZE, IdentityValidator, orgOf, type ValidatedIdentity } from "./validator.js";
