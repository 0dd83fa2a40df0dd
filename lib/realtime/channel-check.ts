import type { ChannelRef } from "./contract";

// The channel rules of lib/realtime/channel.ts (`channelSchema`) without zod, for the browser's
// realtime client: zod was a third of the JavaScript every page downloads (docs/UI-FIGURES.md).
// The server keeps validating with the zod schema; channel-check.test.ts checks on generated
// input that both accept and refuse the same values.

/** Wix: at most 140 characters, no spaces or special characters. ':' is excluded, so keys can't collide. */
const CHANNEL_PART = /^[A-Za-z0-9_-]{1,140}$/;
const KEYS = new Set(["name", "resourceId"]);

export type ChannelCheck = { ok: true; channel: ChannelRef } | { ok: false; message: string };

export function checkChannel(value: unknown): ChannelCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "a channel must be an object" };
  const candidate = value as Record<string, unknown>;
  const unknownKey = Object.keys(candidate).find((key) => !KEYS.has(key));
  if (unknownKey !== undefined) return { ok: false, message: `unknown key "${unknownKey}"` };
  if (!isChannelPart(candidate.name)) return { ok: false, message: "name: 1 to 140 letters, digits, '_' or '-'" };
  if (candidate.resourceId === undefined) return { ok: true, channel: { name: candidate.name } };
  if (!isChannelPart(candidate.resourceId)) return { ok: false, message: "resourceId: 1 to 140 letters, digits, '_' or '-'" };
  return { ok: true, channel: { name: candidate.name, resourceId: candidate.resourceId } };
}

function isChannelPart(value: unknown): value is string {
  return typeof value === "string" && CHANNEL_PART.test(value);
}
