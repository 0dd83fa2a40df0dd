import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { channelSchema } from "./channel";
import { checkChannel } from "./channel-check";

// The browser checks channels with checkChannel, the server with the zod channelSchema: a
// channel one accepts and the other refuses would fail late (on the server) or never be sent.

const allowed = "abcXYZ019_-";
const part = fc.oneof(
  fc.string({ unit: fc.constantFrom(...allowed), minLength: 0, maxLength: 142 }),
  fc.constantFrom("a".repeat(139), "a".repeat(140), "a".repeat(141), "", "members", "a:b", "a b", "météo", "a\n", "\na", "A-_9"),
  fc.string({ maxLength: 10 }),
  fc.anything(),
);
const channelLike = fc.oneof(
  fc.record({ name: part }),
  fc.record({ name: part, resourceId: fc.oneof(part, fc.constant(undefined)) }, { requiredKeys: ["name"] }),
  fc.record({ name: part, resourceId: part, other: fc.anything() }, { requiredKeys: [] }),
  fc.dictionary(fc.constantFrom("name", "resourceId", "__proto__", "toString", "extra"), part),
  fc.anything(),
);

describe("checkChannel", () => {
  it("accepts and refuses exactly what the server's zod channelSchema does, with the same channel", () => {
    fc.assert(
      fc.property(channelLike, (value) => {
        const zod = channelSchema.safeParse(value);
        const own = checkChannel(value);
        expect(own.ok).toBe(zod.success);
        // zod keeps an explicit `resourceId: undefined`; the client normalizes it away either way.
        if (own.ok && zod.success) expect(own.channel).toEqual(JSON.parse(JSON.stringify(zod.data)));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["a name at the 140-character limit", { name: "a".repeat(140) }, true],
    ["a name one past it", { name: "a".repeat(141) }, false],
    ["a resource", { name: "members", resourceId: "weather" }, true],
    ["a colon", { name: "members:weather" }, false],
    ["an unknown key", { name: "members", extra: 1 }, false],
    ["an array", ["members"], false],
  ])("decides %s like the server", (_label, value, accepted) => {
    expect(checkChannel(value).ok).toBe(accepted);
    expect(channelSchema.safeParse(value).success).toBe(accepted);
  });
});
