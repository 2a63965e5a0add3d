// tsc does not emit the generated protobufjs JavaScript; copy it beside the compiled code.
import { cpSync } from "node:fs";

cpSync("src/protocol/generated", "dist/protocol/generated", { recursive: true });
