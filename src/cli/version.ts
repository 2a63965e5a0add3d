// The package version: written into the bundle by the build (scripts/build.mjs); when the
// sources run unbundled (tests, benchmarks) it is read from package.json above src/.
import { readFileSync } from "node:fs";

/** Replaced by the package's version string when esbuild bundles the CLI. */
declare const FGN_PACKAGE_VERSION: string | undefined;

export function packageVersion(): string {
  if (typeof FGN_PACKAGE_VERSION === "string") return FGN_PACKAGE_VERSION;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** The commit the image or checkout was built from, when the build passes it in. */
export function commitSha(env: NodeJS.ProcessEnv): string {
  return env.FGN_COMMIT_SHA ?? "unknown";
}
