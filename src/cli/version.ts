// The package version, read once from package.json beside the code (src/ or dist/).
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** The commit the image or checkout was built from, when the build passes it in. */
export function commitSha(env: NodeJS.ProcessEnv): string {
  return env.FGN_COMMIT_SHA ?? "unknown";
}
