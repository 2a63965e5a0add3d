// `npm run bench:profile -- FILE.cpuprofile [--from-us T --to-us T] [--top 15]`:
// the top self-time functions of a CPU profile (see cpuprofile.ts), as Markdown.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type CpuProfile, profileTable, summariseProfile } from "./cpuprofile.js";
import { withOriginalSources } from "./source-maps.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "from-us": { type: "string" },
    "to-us": { type: "string" },
    top: { type: "string", default: "15" },
  },
});
const file = positionals[0];
if (file === undefined) {
  console.error("Usage: npm run bench:profile -- FILE.cpuprofile [--from-us T --to-us T] [--top 15]");
  process.exitCode = 2;
} else {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const window = {
    ...(values["from-us"] === undefined ? {} : { fromUs: Number(values["from-us"]) }),
    ...(values["to-us"] === undefined ? {} : { toUs: Number(values["to-us"]) }),
  };
  console.log(profileTable(summariseProfile(withOriginalSources(profile), window), Number(values.top)));
}
