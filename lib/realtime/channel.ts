import { z } from "zod";
import "@/lib/schemas/zod-config";

// Channel rules and the socket payload schemas. Shared with the browser, so zod only.

/** Wix: at most 140 characters, no spaces or special characters. ':' is excluded, so keys can't collide. */
const channelPart = z
  .string()
  .min(1)
  .max(140)
  .regex(/^[A-Za-z0-9_-]+$/, "only letters, digits, '_' and '-'");

export const channelSchema = z.strictObject({
  name: channelPart,
  resourceId: channelPart.optional(),
});

/** Lenient about extra keys (a resolver may hand back a richer user object); they are stripped. */
export const subscriberSchema = z.object({
  type: z.enum(["Visitor", "Member", "Admin"]),
  id: z.string().min(1).max(200),
});

/** Message ids are positive decimal integers (BigInt-able), as the message log hands them out. */
export const messageIdSchema = z.string().regex(/^[0-9]{1,30}$/, "a decimal message id");

export const subscriptionIdSchema = z.string().min(1).max(100);

export const subscribeRequestSchema = z.strictObject({
  channel: channelSchema,
  since: messageIdSchema.optional(),
});

const unsubscribeByIdSchema = z.strictObject({ subscriptionId: subscriptionIdSchema });
const unsubscribeByChannelSchema = subscribeRequestSchema.pick({ channel: true });

/** Exactly one of the two forms: both or neither is bad input (Wix leaves it undefined). */
export const unsubscribeRequestSchema = z.union([unsubscribeByIdSchema, unsubscribeByChannelSchema]);

export { channelKey, channelOfKey, normalizeChannel, sameChannel } from "./channel-key";

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}
