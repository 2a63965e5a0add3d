// Identities shared by the benchmarks: one org per run and a growing pool of
// peer signing identities issued from it (no TLS certificates: the in-process
// benchmarks never dial). Issuing costs milliseconds, so it happens in setup,
// never inside a timed loop.
import { createSigningIdentity, type SigningIdentity } from "../src/identity/index.js";
import { makeOrg, type TestOrg } from "../test/support/identities.js";

export const MSP_ID = "Org1MSP";

let org: Promise<TestOrg> | undefined;
const pool: SigningIdentity[] = [];

export function benchOrg(): Promise<TestOrg> {
  org ??= makeOrg(MSP_ID);
  return org;
}

/** The first n identities of the pool, issuing the missing ones. */
export async function signers(n: number): Promise<SigningIdentity[]> {
  const o = await benchOrg();
  while (pool.length < n) {
    const cert = await o.issue({ cn: `bench-peer${pool.length}.${o.domain}`, ou: "peer" });
    pool.push(createSigningIdentity(o.mspId, cert.certPem, cert.keyPem));
  }
  return pool.slice(0, n);
}

/** The pool's first identity. */
export async function oneSigner(): Promise<SigningIdentity> {
  return (await signers(1))[0] as SigningIdentity;
}
