// `npm run bench:profile -- FILE.cpuprofile`: the top self-time functions of a
// CPU profile (see cpuprofile.ts), as Markdown.
import { readFile } from "node:fs/promises";
import { runCommand, strictArgs, UsageError, wholeNumber } from "./command-line.js";
import { type CpuProfile, profileTable, summariseProfile } from "./cpuprofile.js";
import { withOriginalSources } from "./source-maps.js";

const USAGE = `Usage: npm run bench:profile -- FILE.cpuprofile [options]

The top self-time functions of a CPU profile (node --cpu-prof, bench:cluster --profile-member), as
Markdown; frames of the bundled CLI are read back through its source maps.

  --from-us T            only samples from T µs after the profile's start
  --to-us T              only samples before T µs after the profile's start
  --top N                how many functions (default 15)`;

const MAX_MICROS = 7 * 24 * 3600 * 1e6;

async function main(argv: readonly string[]): Promise<undefined> {
  const { values, positionals } = strictArgs(
    argv,
    { "from-us": { type: "string" }, "to-us": { type: "string" }, top: { type: "string", default: "15" } },
    true,
  );
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("give exactly one profile file");
  const fromUs = values["from-us"];
  const toUs = values["to-us"];
  const window = {
    ...(fromUs === undefined ? {} : { fromUs: wholeNumber(fromUs, "from-us", 0, MAX_MICROS) }),
    ...(toUs === undefined ? {} : { toUs: wholeNumber(toUs, "to-us", 0, MAX_MICROS) }),
  };
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const profile = JSON.parse(text) as CpuProfile;
  console.log(
    profileTable(
      summariseProfile(withOriginalSources(profile), window),
      wholeNumber(values.top, "top", 1, 1_000),
    ),
  );
}

await runCommand(USAGE, main);
