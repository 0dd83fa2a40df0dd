import { randomUUID } from "node:crypto";
import type { ChannelRef } from "@/lib/realtime/contract";
import { KeyedQueue } from "./keyed-queue";

/** A place held for one subscribe in flight: `add` fills it, `release` gives it back unused. */
export type SubscriptionSlot = { add: (key: string, channel: ChannelRef) => string; release: () => void };

type Subscription = { key: string; channel: ChannelRef };

/**
 * One socket's subscriptions. A socket may hold several on one channel (Wix: one per handler),
 * but joins the channel's room once, so each message reaches it once.
 *
 * One map, by subscription id; what is asked per channel walks it. A socket holds at most the
 * cap's subscriptions (200 by default) and most hold one to three, while a second index per
 * socket was a few hundred bytes a reader (docs/BENCHMARKS.md, "What a reader keeps").
 */
export class SocketSubscriptions {
  readonly queue = new KeyedQueue();
  private readonly byId = new Map<string, Subscription>();
  private reserved = 0;

  get size(): number {
    return this.byId.size;
  }

  /**
   * Holds one of `max` places for a subscribe that is about to await its permission check, or
   * says there is none left. Taken synchronously as the request arrives, so a burst on distinct
   * channels (each in its own queue) can't all pass the cap before any of them is added.
   */
  reserve(max: number): SubscriptionSlot | undefined {
    if (this.byId.size + this.reserved >= max) return undefined;
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
    return this.channelOf(key) !== undefined;
  }

  keyOf(subscriptionId: string): string | undefined {
    return this.byId.get(subscriptionId)?.key;
  }

  channelOf(key: string): ChannelRef | undefined {
    for (const subscription of this.byId.values()) if (subscription.key === key) return subscription.channel;
    return undefined;
  }

  /** The channel keys subscribed to, each once. */
  keys(): string[] {
    return [...new Set(Array.from(this.byId.values(), (subscription) => subscription.key))];
  }

  add(key: string, channel: ChannelRef): string {
    const subscriptionId = randomUUID();
    this.byId.set(subscriptionId, { key, channel });
    return subscriptionId;
  }

  /** Returns how many subscriptions remain on that channel, or undefined if the id was unknown. */
  removeById(subscriptionId: string): number | undefined {
    const subscription = this.byId.get(subscriptionId);
    if (!subscription) return undefined;
    this.byId.delete(subscriptionId);
    return this.countOn(subscription.key);
  }

  /** Removes every subscription on that channel; returns how many there were. */
  removeChannel(key: string): number {
    let removed = 0;
    for (const [id, subscription] of this.byId) {
      if (subscription.key !== key) continue;
      this.byId.delete(id);
      removed += 1;
    }
    return removed;
  }

  private countOn(key: string): number {
    let count = 0;
    for (const subscription of this.byId.values()) if (subscription.key === key) count += 1;
    return count;
  }
}
