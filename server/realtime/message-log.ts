import { channelKey, normalizeChannel } from "@/lib/realtime/channel";
import type { ChannelRef, MessageId, RealtimeMessage, Subscriber } from "@/lib/realtime/contract";

/**
 * Where published messages are written before they are delivered, so a client that was away
 * can catch up (`subscribe` with `since`). Ids are decimal strings that sort in publish order
 * across all channels; compare them with `compareMessageIds`, never as strings.
 */
export interface MessageLog {
  append(channel: ChannelRef, payload: unknown, publisher?: Subscriber): Promise<{ id: MessageId; publishedAt: Date }>;
  /** The id of the newest message logged on exactly `channel`, "0" if there is none. */
  latestId(channel: ChannelRef): Promise<MessageId>;
  /**
   * The messages on exactly `channel` with an id above `afterId`, oldest first: the newest
   * `limit` of them, none published before `notBefore`. `complete` is false when some were
   * left out (over the limit, too old, or no longer kept).
   */
  readAfter(
    channel: ChannelRef,
    afterId: MessageId,
    options: { limit: number; notBefore: Date },
  ): Promise<{ messages: RealtimeMessage[]; complete: boolean }>;
}

export function compareMessageIds(a: MessageId, b: MessageId): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export type InMemoryMessageLogOptions = {
  /** Oldest messages of a channel are forgotten past this; replays across them report incomplete. */
  maxPerChannel?: number;
  now?: () => Date;
};

/** A process-local log: the default when none is given, and the one tests use. Lost on restart. */
export function createInMemoryMessageLog(options: InMemoryMessageLogOptions = {}): MessageLog {
  const maxPerChannel = options.maxPerChannel ?? 1000;
  const now = options.now ?? (() => new Date());
  const channels = new Map<string, { messages: RealtimeMessage[]; forgottenUpTo: bigint }>();
  let lastId = 0n;

  return {
    async append(channel, payload, publisher) {
      lastId += 1n;
      const publishedAt = now();
      const message: RealtimeMessage = {
        id: lastId.toString(),
        channel: normalizeChannel(channel),
        payload,
        publishedAt: publishedAt.toISOString(),
        ...(publisher ? { publisher } : {}),
      };
      const key = channelKey(channel);
      const entry = channels.get(key) ?? { messages: [], forgottenUpTo: 0n };
      channels.set(key, entry);
      entry.messages.push(message);
      if (entry.messages.length > maxPerChannel) {
        const forgotten = entry.messages.shift();
        if (forgotten) entry.forgottenUpTo = BigInt(forgotten.id);
      }
      return { id: message.id, publishedAt };
    },

    async latestId(channel) {
      return channels.get(channelKey(channel))?.messages.at(-1)?.id ?? "0";
    },

    async readAfter(channel, afterId, { limit, notBefore }) {
      const after = BigInt(afterId);
      const entry = channels.get(channelKey(channel));
      if (!entry) return { messages: [], complete: true };
      const missed = entry.messages.filter((message) => BigInt(message.id) > after);
      const recent = missed.filter((message) => new Date(message.publishedAt) >= notBefore);
      const messages = limit > 0 ? recent.slice(-limit) : [];
      const complete = messages.length === missed.length && entry.forgottenUpTo <= after;
      return { messages: messages.map((message) => ({ ...message })), complete };
    },
  };
}
