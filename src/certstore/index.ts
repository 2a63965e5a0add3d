export {
  DEFAULT_PULL_LIMITS,
  IdentityPull,
  type IdentityPullLimits,
  type IdentityPullOptions,
} from "./identity-pull.js";
export { DEFAULT_IDENTITY_CAPACITY, IdentityStore, type IdentityStoreOptions } from "./identity-store.js";
