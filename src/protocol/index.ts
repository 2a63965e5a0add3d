export { ProtocolError, type ProtocolFailureReason } from "./errors.js";
export { gossip, msp } from "./generated/wire.js";
export { toBigInt, toLong } from "./long.js";
export * from "./messages.js";
export * from "./signed-message.js";
