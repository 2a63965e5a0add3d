#!/usr/bin/env -S node --max-semi-space-size=2
// The bin. It only turns on Node's compile cache, then loads the CLI proper: code compiled
// after the call is cached, so everything else is imported dynamically, never statically.
import { enableCompileCache } from "./compile-cache.js";

enableCompileCache();
await import("./cli.js");
