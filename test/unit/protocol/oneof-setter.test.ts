// The generated bindings' oneof setter must leave an object exactly as protobufjs's own
// setter does, for every set of fields the object may hold and every name set.
import protobuf from "protobufjs/minimal.js";
import { describe, expect, it } from "vitest";
import { oneOfSetter } from "../../../src/protocol/oneof-setter.js";

const FIELDS = ["aliveMsg", "memReq", "hello", "conn"];
const OTHER = ["nonce", "tag"];

/** Every subset of the oneof's fields, with and without two fields outside it. */
function heldSets(): string[][] {
  const sets: string[][] = [];
  for (let mask = 0; mask < 1 << FIELDS.length; mask++) {
    const held = FIELDS.filter((_, i) => mask & (1 << i));
    sets.push(held, [...OTHER, ...held], [held[0] ?? "tag", ...OTHER.filter((o) => o !== held[0])]);
  }
  return sets;
}

function objectHolding(keys: readonly string[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of keys) object[key] = { key };
  return object;
}

describe("oneOfSetter", () => {
  const ours = oneOfSetter(FIELDS);
  const theirs = protobuf.util.oneOfSetter(FIELDS) as (this: object, name: string | undefined) => void;

  it("leaves the same fields as protobufjs's setter, whatever is held and named", () => {
    let compared = 0;
    for (const held of heldSets()) {
      for (const name of [...FIELDS, "nonce", undefined]) {
        const a = objectHolding(held);
        const b = objectHolding(held);
        ours.call(a, name);
        theirs.call(b, name);
        expect(Object.keys(a), `${held.join(",")} <- ${name}`).toEqual(Object.keys(b));
        compared++;
      }
    }
    expect(compared).toBe(16 * 3 * 6);
  });

  it("keeps the named field and every field outside the oneof", () => {
    const object = objectHolding(["tag", "aliveMsg", "hello"]);
    ours.call(object, "hello");
    expect(Object.keys(object)).toEqual(["tag", "hello"]);
  });
});
