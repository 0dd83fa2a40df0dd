import type { ChannelRef } from "@/lib/realtime/contract";

// Tables store a channel as (name, resource) with "" for "no resource", so that the pair can
// carry a unique index (NULLs would never collide).
export function channelFromColumns(name: string, resource: string): ChannelRef {
  return resource ? { name, resourceId: resource } : { name };
}
