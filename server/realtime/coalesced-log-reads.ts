import { channelKey, channelOfKey } from "@/lib/realtime/channel";
import type { RealtimeMessage } from "@/lib/realtime/contract";
import { createCoalescingLoader } from "./coalescing-loader";
import type { MessageLog } from "./message-log";

type ReadResult = { messages: RealtimeMessage[]; complete: boolean };

/**
 * The message log with identical concurrent replay reads served by one query. After a restart
 * or a network blip, the readers of a channel come back together and ask for the same thing:
 * what came after the last message they all saw. Each `readAfter` waits for the next read of its
 * channel, `afterId` and `limit` (createCoalescingLoader: a read already under way is never
 * joined, so every reader gets a read that started after it asked, which is what the replay's
 * no-gap argument needs: replay.ts holds live messages from before it asks).
 *
 * `notBefore` differs between readers by the moment each asked, so the shared read asks for
 * every age, and each reader then drops what is older than its own `notBefore`; `complete` is
 * false when that dropped anything. That is what the log's own read does: it reads the newest
 * `limit + 1` rows whatever their age, then leaves out the old ones (prisma-message-log.ts).
 */
export function coalesceLogReads(log: MessageLog): MessageLog {
  // A batch holds the reads of every channel asked for meanwhile: each settles on its own, so
  // one failed read fails only its own callers.
  const read = createCoalescingLoader(async (keys: string[]) => {
    const settled = await Promise.allSettled(
      keys.map((key) => {
        const { channel, afterId, limit } = readOfKey(key);
        return log.readAfter(channel, afterId, { limit, notBefore: EVERY_AGE });
      }),
    );
    return new Map(keys.map((key, index) => [key, settled[index]!]));
  });

  return {
    append: (channel, payload, publisher) => log.append(channel, payload, publisher),
    latestId: (channel) => log.latestId(channel),
    async readAfter(channel, afterId, { limit, notBefore }) {
      const outcome = await read(keyOfRead(channelKey(channel), afterId, limit));
      if (outcome?.status !== "fulfilled") throw outcome?.reason ?? new Error("the message log answered no read");
      return narrowToAge(outcome.value, notBefore);
    },
  };
}

const EVERY_AGE = new Date(0);
const SEPARATOR = "\u0000";

function keyOfRead(key: string, afterId: string, limit: number): string {
  return [key, afterId, limit].join(SEPARATOR);
}

function readOfKey(readKey: string) {
  const [key = "", afterId = "0", limit = "0"] = readKey.split(SEPARATOR);
  return { channel: channelOfKey(key), afterId, limit: Number(limit) };
}

/** One reader's share of a read of every age: its messages no older than `notBefore`. */
export function narrowToAge(result: ReadResult, notBefore: Date): ReadResult {
  const messages = result.messages.filter((message) => new Date(message.publishedAt) >= notBefore);
  return { messages, complete: result.complete && messages.length === result.messages.length };
}
