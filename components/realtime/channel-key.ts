import type { ChannelRef } from "@/lib/realtime/contract";

// The same rule as lib/realtime/channel.ts's channelKey, kept here so that UI bundles don't
// pull in zod just to compare channels.
export function channelKey(channel: ChannelRef): string {
  return channel.resourceId === undefined ? channel.name : `${channel.name}:${channel.resourceId}`;
}
