import { z } from "zod";
import "@/lib/schemas/zod-config";

export const subscriptionsInputSchema = z.strictObject({
  typeIds: z
    .array(z.string().min(1).max(64), { error: "typeIds must be a list of subscription type ids." })
    .max(100, "At most 100 types.")
    .transform((ids) => [...new Set(ids)]),
});

const typeName = z
  .string({ error: "Give the type a name." })
  .trim()
  .min(1, "Give the type a name.")
  .max(40, "At most 40 characters.");

export const subscriptionTypeCreateSchema = z.strictObject({
  type: typeName,
  resourceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,140}$/, "1 to 140 of A-Z a-z 0-9 _ -")
    .optional(),
});

export const subscriptionTypeRenameSchema = subscriptionTypeCreateSchema.pick({ type: true });
