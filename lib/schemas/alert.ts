import { z } from "zod";
import "@/lib/schemas/zod-config";
import { channelSchema } from "@/lib/realtime/channel";

export const ALERT_TEXT_MAX_LENGTH = 280;
export const ALERT_MAX_CHANNELS = 20;

/** Counted in characters as a reader sees them (code points), not UTF-16 units. */
export function alertTextLength(text: string): number {
  return Array.from(text.trim()).length;
}

export const alertInputSchema = z.strictObject({
  text: z
    .string({ error: "Write the alert text." })
    .trim()
    .min(1, "Write the alert text.")
    .refine((text) => alertTextLength(text) <= ALERT_TEXT_MAX_LENGTH, `At most ${ALERT_TEXT_MAX_LENGTH} characters.`),
  color: z
    .string({ error: "Choose a colour." })
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour written as #rrggbb.")
    .transform((color) => color.toLowerCase()),
  channels: z
    .array(channelSchema, { error: "Choose at least one channel." })
    .min(1, "Choose at least one channel.")
    .max(ALERT_MAX_CHANNELS, `At most ${ALERT_MAX_CHANNELS} channels.`),
});

export type AlertInput = z.output<typeof alertInputSchema>;
