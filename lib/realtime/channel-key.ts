import type { ChannelRef } from "./contract";

// Channel identity, free of zod so UI bundles can use it without the schemas
// (lib/realtime/channel.ts re-exports it beside them).

/** "members" or "members:weather": the one string identity of a channel or resource. */
export function channelKey(channel: ChannelRef): string {
  return channel.resourceId === undefined ? channel.name : `${channel.name}:${channel.resourceId}`;
}

/** The channel a key names; ':' is not allowed in names or resource ids, so this is exact. */
export function channelOfKey(key: string): ChannelRef {
  const separator = key.indexOf(":");
  return separator === -1 ? { name: key } : { name: key.slice(0, separator), resourceId: key.slice(separator + 1) };
}

export function sameChannel(a: ChannelRef, b: ChannelRef): boolean {
  return a.name === b.name && (a.resourceId ?? undefined) === (b.resourceId ?? undefined);
}

/** A copy without an explicit `resourceId: undefined`, so messages and logs look the same everywhere. */
export function normalizeChannel(channel: ChannelRef): ChannelRef {
  return channel.resourceId === undefined ? { name: channel.name } : { name: channel.name, resourceId: channel.resourceId };
}
