#!/usr/bin/env -S node --max-semi-space-size=1 --v8-pool-size=1
// The bin. --max-semi-space-size=1 caps V8's young generation at 2 x 1 MB (default up to 2 x 16 MB,
// kept once grown under gossip traffic): 27 MB less RSS per member at N = 30 for 8-11 % more CPU
// (bench/RESULTS.md, "The young-generation cap"). --v8-pool-size=1 gives V8 one background thread
// instead of four: fewer thread stacks and malloc arenas, a few MB less RSS per member at no measured
// CPU cost (bench/notes-rss.md). The image's and the StatefulSet's NODE_OPTIONS repeat both flags.
// It only turns on Node's compile cache, then loads the CLI proper: code compiled after the
// call is cached, so everything else is imported dynamically, never statically.
import { enableCompileCache } from "./compile-cache.js";

enableCompileCache();
await import("./cli.js");
