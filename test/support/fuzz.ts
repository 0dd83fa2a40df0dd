import fc from "fast-check";

// Shared generators for the fuzz tests (test/security/*-fuzz.test.ts).

export const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A channel name or resource id the contract refuses: empty, too long, bad characters, not a string. */
export const badChannelPart = fc.oneof(
  fc.constant(""),
  fc.string({ minLength: 141, maxLength: 200 }),
  fc.string({ minLength: 1, maxLength: 20 }).filter((value) => !/^[A-Za-z0-9_-]+$/.test(value)),
  anyJson,
);

/** Anything at all, or a near miss; never something the schema would accept. */
export function invalidFor(schema: { safeParse: (value: unknown) => { success: boolean } }, nearMiss: fc.Arbitrary<unknown>) {
  return fc.oneof(anyJson, fc.object(), nearMiss).filter((value) => !schema.safeParse(value).success);
}

/** What a stack trace, a driver error or a file path would look like in an answer to a client. */
export const LEAKED_INTERNALS = /\bat [\w.<>]+ \(|node_modules|prisma|TypeError|ReferenceError|SyntaxError|ECONN|\/work\/|\.ts:\d+/i;
