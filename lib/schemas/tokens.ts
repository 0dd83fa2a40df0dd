import { z } from "zod";
import "@/lib/schemas/zod-config";

export const TOKEN_NAME_MAX_LENGTH = 60;

/** POST /api/tokens: a name that says which system holds the token ("CMS", "Wire feed"). */
export const tokenCreateSchema = z.strictObject({
  name: z
    .string({ error: "Give the token a name." })
    .trim()
    .min(1, "Give the token a name.")
    .max(TOKEN_NAME_MAX_LENGTH, `At most ${TOKEN_NAME_MAX_LENGTH} characters.`)
    // It is shown in the audit log ("token:<name>"): no control characters, no line breaks.
    .regex(/^[^\u0000-\u001f\u007f]*$/, "Use letters, digits, spaces and punctuation only."),
});

export type TokenInput = z.output<typeof tokenCreateSchema>;

/** A token as GET /api/tokens lists it: never its secret, nor the secret's hash. */
export type TokenView = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

/** POST /api/tokens' answer: the secret, this once. */
export type CreatedToken = { token: Omit<TokenView, "lastUsedAt">; secret: string };
