// IdentityValidator.validate, warm and cold. A hit costs a SHA-256 of the
// serialized identity, an LRU lookup and a validity-window check; a miss parses
// the certificate, builds its chain to the MSP's CA and checks the role OU.
import { IdentityValidator } from "../src/identity/index.js";
import type { Benchmark, Result } from "./harness.js";
import { measure } from "./harness.js";
import { benchOrg, oneSigner, signers } from "./identities.js";

/** Distinct identities rotated through a one-entry cache, so every validate misses. */
const COLD_IDENTITIES = 64;

export const identityValidationBenchmark: Benchmark = {
  name: "identity",
  cases: [
    {
      name: "validate: cache hit",
      async run(): Promise<Result[]> {
        const org = await benchOrg();
        const { serialized } = await oneSigner();
        const validator = new IdentityValidator([org.trust], Date.now);
        validator.validate(serialized);
        return [
          await measure("validate: cache hit", () => validator.validate(serialized), { iterations: 200_000 }),
        ];
      },
    },
    {
      name: "validate: cold identity",
      async run(): Promise<Result[]> {
        const org = await benchOrg();
        const ids = (await signers(COLD_IDENTITIES)).map((s) => s.serialized);
        const validator = new IdentityValidator([org.trust], Date.now, { cacheSize: 1 });
        return [
          await measure(
            "validate: cold identity",
            (i) => validator.validate(ids[i % COLD_IDENTITIES] as Uint8Array),
            {},
            `${COLD_IDENTITIES} distinct identities through a 1-entry cache: every call misses`,
          ),
        ];
      },
    },
  ],
};
