#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --v8-pool-size=2
// The bin. --max-semi-space-size=1 caps V8's young generation at 2 x 1 MB (default up to 2 x 16 MB,
// kept once grown under gossip traffic): 27 MB less RSS per member at N = 30 for 8-11 % more CPU
// (bench/RESULTS.md, "The young-generation cap"). --v8-pool-size=2 gives V8 two background threads
// instead of four, and MALLOC_ARENA_MAX=2 lets glibc's malloc keep two arenas instead of one per busy
// thread (ignored by other C libraries): together 3-7 MB less RSS per cluster member at no
// measured CPU cost (bench/RESULTS.md, "The weight of one process"). The image and the StatefulSet set the same.
// It only turns on Node's compile cache, then loads the CLI proper: code compiled after the
// call is cached, so everything else is imported dynamically, never statically.
import { enableCompileCache } from "./compile-cache.js";

enableCompileCache();
await import("./cli.js");
