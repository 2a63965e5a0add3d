// The setter of a oneof's virtual field (`content`) in the generated bindings
// (scripts/gen-proto.mjs puts it there in place of protobufjs's). Decoding sets it once per
// message that carries the oneof. protobufjs's setter deletes every other field of the oneof,
// present or not: ten `delete`s with a changing key per GossipMessage, ~0.5 µs of each decode.
// This one deletes only the other oneof fields the message holds as its own, which are what
// protobufjs's deletes removed: a message that carries two of a oneof's fields still keeps the
// last one only, and setting no field (undefined) still clears them all.

/** A oneof's setter over these field names, for `Object.defineProperty`'s `set`. */
export function oneOfSetter(fieldNames: readonly string[]): (this: object, name: string | undefined) => void {
  const isField = new Set(fieldNames);
  return function setOneOf(this: object, name: string | undefined): void {
    const held = this as Record<string, unknown>;
    const keys = Object.keys(held);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (key !== name && isField.has(key)) delete held[key];
    }
  };
}
