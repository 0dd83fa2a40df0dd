import { z } from "zod";
import "@/lib/schemas/zod-config";
import {
  ACTIVE_FOR_SECONDS,
  ALERT_MAX_CHANNELS,
  ALERT_TEXT_MAX_LENGTH,
  RETRACT_REASON_MAX_LENGTH,
  alertTextLength,
  isHexColor,
} from "@/lib/alerts/alert";
import { channelSchema } from "@/lib/realtime/channel";

const alertText = z
  .string({ error: "Write the alert text." })
  .trim()
  .min(1, "Write the alert text.")
  .refine((text) => alertTextLength(text) <= ALERT_TEXT_MAX_LENGTH, `At most ${ALERT_TEXT_MAX_LENGTH} characters.`)
  // What the refinement checks, for the OpenAPI document (JSON Schema can't say "after trimming").
  .meta({ description: `1 to ${ALERT_TEXT_MAX_LENGTH} characters (Unicode code points) after trimming.` });

const alertColor = z
  .string({ error: "Choose a colour." })
  .refine(isHexColor, "Use a colour written as #rrggbb.")
  .meta({ pattern: "^#[0-9a-fA-F]{6}$", description: "#rrggbb; stored lower-case." })
  .transform((color) => color.toLowerCase());

export const alertInputSchema = z.strictObject({
  text: alertText,
  color: alertColor,
  channels: z
    .array(channelSchema, { error: "Choose at least one channel." })
    .min(1, "Choose at least one channel.")
    .max(ALERT_MAX_CHANNELS, `At most ${ALERT_MAX_CHANNELS} channels.`),
  activeForSeconds: z
    .number({ error: `A whole number of seconds, ${ACTIVE_FOR_SECONDS.min} to ${ACTIVE_FOR_SECONDS.max}.` })
    .int(`A whole number of seconds, ${ACTIVE_FOR_SECONDS.min} to ${ACTIVE_FOR_SECONDS.max}.`)
    .min(ACTIVE_FOR_SECONDS.min, `At least ${ACTIVE_FOR_SECONDS.min} seconds.`)
    .max(ACTIVE_FOR_SECONDS.max, `At most ${ACTIVE_FOR_SECONDS.max} seconds.`)
    .optional(),
});

export type AlertInput = z.output<typeof alertInputSchema>;

/** PATCH /api/alerts/:id: a new text, a new colour, or both. */
export const alertCorrectionSchema = z
  .strictObject({ text: alertText.optional(), color: alertColor.optional() })
  .refine((input) => input.text !== undefined || input.color !== undefined, { error: "Give a new text or colour.", path: ["text"] });

export type AlertCorrection = z.output<typeof alertCorrectionSchema>;

/** POST /api/alerts/:id/retract. */
export const alertRetractionSchema = z.strictObject({
  reason: z
    .string({ error: "The reason is text." })
    .trim()
    .refine((reason) => alertTextLength(reason) <= RETRACT_REASON_MAX_LENGTH, `At most ${RETRACT_REASON_MAX_LENGTH} characters.`)
    .optional(),
});

export type AlertRetraction = z.output<typeof alertRetractionSchema>;
