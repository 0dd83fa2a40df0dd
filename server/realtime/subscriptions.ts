import { randomUUID } from "node:crypto";
import type { ChannelRef } from "@/lib/realtime/contract";
import { KeyedQueue } from "./keyed-queue";

/** A place held for one subscribe in flight: `add` fills it, `release` gives it back unused. */
export type SubscriptionSlot = { add: (key: string, channel: ChannelRef) => string; release: () => void };

/**
 * One socket's subscriptions. A socket may hold several on one channel (Wix: one per handler),
 * but joins the channel's room once, so each message reaches it once.
 */
export class SocketSubscriptions {
  readonly queue = new KeyedQueue();
  private readonly keyById = new Map<string, string>();
  private readonly byKey = new Map<string, { channel: ChannelRef; ids: Set<string> }>();
  private reserved = 0;

  get size(): number {
    return this.keyById.size;
  }

  /**
   * Holds one of `max` places for a subscribe that is about to await its permission check, or
   * says there is none left. Taken synchronously as the request arrives, so a burst on distinct
   * channels (each in its own queue) can't all pass the cap before any of them is added.
   */
  reserve(max: number): SubscriptionSlot | undefined {
    if (this.keyById.size + this.reserved >= max) return undefined;
    this.reserved += 1;
    let isHeld = true;
    const release = () => {
      if (!isHeld) return;
      isHeld = false;
      this.reserved -= 1;
    };
    return {
      add: (key, channel) => {
        release();
        return this.add(key, channel);
      },
      release,
    };
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keyOf(subscriptionId: string): string | undefined {
    return this.keyById.get(subscriptionId);
  }

  channelOf(key: string): ChannelRef | undefined {
    return this.byKey.get(key)?.channel;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  add(key: string, channel: ChannelRef): string {
    const subscriptionId = randomUUID();
    const entry = this.byKey.get(key) ?? { channel, ids: new Set<string>() };
    this.byKey.set(key, entry);
    entry.ids.add(subscriptionId);
    this.keyById.set(subscriptionId, key);
    return subscriptionId;
  }

  /** Returns how many subscriptions remain on that channel, or undefined if the id was unknown. */
  removeById(subscriptionId: string): number | undefined {
    const key = this.keyById.get(subscriptionId);
    const entry = key === undefined ? undefined : this.byKey.get(key);
    if (key === undefined || !entry) return undefined;
    this.keyById.delete(subscriptionId);
    entry.ids.delete(subscriptionId);
    if (entry.ids.size === 0) this.byKey.delete(key);
    return entry.ids.size;
  }

  /** Removes every subscription on that channel; returns how many there were. */
  removeChannel(key: string): number {
    const entry = this.byKey.get(key);
    if (!entry) return 0;
    for (const id of entry.ids) this.keyById.delete(id);
    this.byKey.delete(key);
    return entry.ids.size;
  }
}
