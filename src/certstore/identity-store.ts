// The node's map from PKI-ID to validated identity (Fabric's identity mapper).
// Discovery fills it from handshakes and alive messages, the identity pull from
// DataUpdates; both verify signatures with what it holds. Bounded, and entries
// vanish when their certificate expires or their member is purged.
import type { Clock } from "../clock/clock.js";
import { pkiIdHex } from "../identity/pki-id.js";
import type { ValidatedIdentity } from "../identity/validator.js";

/** Enough for any real Fabric network; a bound so remote input cannot grow memory without limit. */
export const DEFAULT_IDENTITY_CAPACITY = 10_000;

export interface IdentityStoreOptions {
  clock: Clock;
  capacity?: number;
}

export class IdentityStore {
  private readonly entries = new Map<string, ValidatedIdentity>();
  private readonly clock: Clock;
  private readonly capacity: number;
  private lastEvictionScan = Number.NEGATIVE_INFINITY;
  /**
   * Hex keys of PKI-ID byte arrays already seen: a connection's sender PKI-ID is
   * the same array for each of its messages, so the hex is computed once per array.
   */
  private readonly hexOf = new WeakMap<Uint8Array, string>();

  constructor(options: IdentityStoreOptions) {
    this.clock = options.clock;
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_IDENTITY_CAPACITY);
  }

  /**
   * Stores (or refreshes) a validated identity under its PKI-ID. False when it
   * is already expired. When full, expired entries go first, then the entry
   * stored longest ago. A caller that holds the PKI-ID's hex already (an alive
   * message's) passes it: one string then keys both the view and this store.
   */
  put(identity: ValidatedIdentity, hex?: string): boolean {
    if (this.isExpired(identity)) return false;
    const key = hex ?? this.keyOf(identity.pkiId);
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.evict();
    this.entries.set(key, identity);
    return true;
  }

  get(pkiId: Uint8Array | string): ValidatedIdentity | undefined {
    const key = this.keyOf(pkiId);
    const identity = this.entries.get(key);
    if (identity && this.isExpired(identity)) {
      this.entries.delete(key);
      return undefined;
    }
    return identity;
  }

  has(pkiId: Uint8Array | string): boolean {
    return this.get(pkiId) !== undefined;
  }

  delete(pkiId: Uint8Array | string): boolean {
    return this.entries.delete(this.keyOf(pkiId));
  }

  /** PKI-IDs of the identities held and not expired. */
  pkiIds(): Uint8Array[] {
    this.pruneExpired();
    return [...this.entries.values()].map((identity) => identity.pkiId);
  }

  get size(): number {
    this.pruneExpired();
    return this.entries.size;
  }

  private keyOf(pkiId: Uint8Array | string): string {
    if (typeof pkiId === "string") return pkiId;
    let hex = this.hexOf.get(pkiId);
    if (hex === undefined) {
      hex = pkiIdHex(pkiId);
      this.hexOf.set(pkiId, hex);
    }
    return hex;
  }

  private isExpired(identity: ValidatedIdentity): boolean {
    return this.clock.now() > identity.expiresAt;
  }

  private pruneExpired(): void {
    for (const [key, identity] of this.entries) if (this.isExpired(identity)) this.entries.delete(key);
  }

  private evict(): void {
    // A full scan at most once a second: a flood of puts at capacity stays linear.
    const now = this.clock.now();
    if (now - this.lastEvictionScan >= 1_000) {
      this.lastEvictionScan = now;
      this.pruneExpired();
    }
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
  }
}
