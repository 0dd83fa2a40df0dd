import { channelKey } from "@/lib/realtime/channel";
import type { ChannelRef, MessageId, RealtimeMessage } from "@/lib/realtime/contract";
import type { MessageLog } from "./message-log";

type ReadResult = { messages: RealtimeMessage[]; complete: boolean };

/**
 * One channel's newest messages, ascending by id, and from where on it holds every one. What
 * was dropped to keep its size needs no bookkeeping: a window that dropped any holds `size`
 * messages, more than the limit of any read it answers, so a read reaching below them is
 * answered "incomplete" as the log would answer it.
 */
type ChannelWindow = {
  messages: RealtimeMessage[];
  ids: bigint[];
  /** Every message above this id is here, or not yet delivered: a complete log read from it was merged in. */
  seededAfter: bigint | undefined;
};

/**
 * The newest messages of each channel, kept in memory as this instance delivers them, so that
 * replays (a reader reconnecting with `since`, docs/DELIVERY.md) are answered without a database
 * read when the window holds all they ask for; otherwise the log answers, and what that answer
 * proves complete seeds the window. After a restart or a network blip, and under reader churn,
 * readers ask again and again for the same recent tail of a few channels (docs/SOAK.md).
 *
 * Why it cannot miss a message: every message this instance will ever deliver passes `add` in
 * the tick of its broadcast (fanoutLocally), after its commit. A log read's answer that is
 * complete holds every message above its `afterId` committed before the read; each one
 * committed after it is either added already or not yet delivered, and then reaches the
 * replaying socket as a held or live message (replay.ts), as it would after a log read.
 *
 * Only for a single instance: with several, another instance's messages reach this one through
 * the cluster adapter, which may drop some while Redis is away, and the log is what a replay
 * must then fill the gap from. The caller leaves it out when clustered (realtime-server.ts).
 *
 * Bounded: `size` messages a channel (at least the replay limit plus one, so that an answer can
 * say whether more were left out), and windows only for channels with messages, which only
 * the server publishes: a client asking about made-up channels creates none.
 */
export class RecentMessages {
  private readonly byKey = new Map<string, ChannelWindow>();

  constructor(private readonly size: number) {}

  /** A message delivered on this instance (fanoutLocally). */
  add(message: RealtimeMessage): void {
    this.insert(this.windowOf(channelKey(message.channel)), message);
  }

  /** The log with its replay reads answered from here when the window holds the answer. */
  over(log: MessageLog): MessageLog {
    return {
      append: (channel, payload, publisher) => log.append(channel, payload, publisher),
      latestId: (channel) => log.latestId(channel),
      readAfter: async (channel, afterId, options) => {
        const key = channelKey(channel);
        const served = this.read(key, afterId, options);
        if (served) return served;
        const answer = await log.readAfter(channel, afterId, options);
        this.seed(key, channel, afterId, answer);
        return answer;
      },
    };
  }

  /** What the log would answer, as the log does (prisma-message-log.ts); undefined when the window may lack some of it. */
  private read(key: string, afterId: MessageId, { limit, notBefore }: { limit: number; notBefore: Date }): ReadResult | undefined {
    const window = this.byKey.get(key);
    if (!window || window.seededAfter === undefined || limit + 1 > this.size) return undefined;
    const after = BigInt(afterId);
    const first = window.ids.findIndex((id) => id > after);
    const newer = first === -1 ? [] : window.messages.slice(first);
    // Below `seededAfter` messages may be missing, unless more than `limit` are newer anyway.
    if (after < window.seededAfter && newer.length <= limit) return undefined;
    const newestFirstCount = Math.min(newer.length, limit + 1);
    const messages = newer.slice(newer.length - Math.min(newer.length, limit)).filter((message) => new Date(message.publishedAt) >= notBefore);
    return { messages, complete: messages.length === newestFirstCount };
  }

  /**
   * A complete answer holds every message above `afterId` logged before the read: merged in,
   * the window holds everything above it. An incomplete one proves nothing and is not used.
   * A channel without a window gets one only when the answer has messages: the log has none
   * for made-up channels.
   */
  private seed(key: string, channel: ChannelRef, afterId: MessageId, answer: ReadResult): void {
    if (!answer.complete) return;
    const existing = this.byKey.get(key);
    if (!existing && answer.messages.length === 0) return;
    const window = existing ?? this.windowOf(channelKey(channel));
    for (const message of answer.messages) this.insert(window, message);
    const after = BigInt(afterId);
    if (window.seededAfter === undefined || after < window.seededAfter) window.seededAfter = after;
  }

  private windowOf(key: string): ChannelWindow {
    let window = this.byKey.get(key);
    if (!window) {
      window = { messages: [], ids: [], seededAfter: undefined };
      this.byKey.set(key, window);
    }
    return window;
  }

  /** In id order, once; the oldest go past `size`. Deliveries come in id order, so this appends. */
  private insert(window: ChannelWindow, message: RealtimeMessage): void {
    const id = BigInt(message.id);
    let index = window.ids.length;
    while (index > 0 && window.ids[index - 1]! > id) index -= 1;
    if (index > 0 && window.ids[index - 1] === id) return;
    window.ids.splice(index, 0, id);
    window.messages.splice(index, 0, message);
    while (window.ids.length > this.size) {
      window.ids.shift();
      window.messages.shift();
    }
  }
}
