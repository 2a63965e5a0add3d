// Preloaded (node --import) into the one member the cluster benchmark profiles.
// SIGUSR2 starts V8's CPU profiler (the one --cpu-prof uses); the next SIGUSR2 stops
// it and writes the profile to $BENCH_PROFILE_FILE (written aside, then renamed, so
// a reader never sees half a file). So the profile covers exactly the steady-state
// window and does not depend on the member exiting cleanly. Plain JavaScript: the
// member runs on plain node.
import { renameSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const file = process.env.BENCH_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  let profiling = false;
  const fail = (err) => process.stderr.write(`window profiler: ${err?.message ?? err}\n`);
  process.on("SIGUSR2", () => {
    if (!profiling) {
      profiling = true;
      session.post("Profiler.enable", (err) => {
        if (err) return fail(err);
        session.post("Profiler.start", (startErr) => startErr && fail(startErr));
      });
      return;
    }
    profiling = false;
    session.post("Profiler.stop", (err, result) => {
      if (err) return fail(err);
      writeFileSync(`${file}.partial`, JSON.stringify(result.profile));
      renameSync(`${file}.partial`, file);
    });
  });
}
