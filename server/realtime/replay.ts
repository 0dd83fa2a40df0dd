import type { ChannelRef, MessageId, RealtimeMessage, ReplaySummary } from "@/lib/realtime/contract";
import type { HeldDeliveries } from "./held-deliveries";
import type { MessageLog } from "./message-log";
import type { OnDelivered, RealtimeSocket } from "./types";

export type ReplayLimits = { limit: number; maxAgeMs: number };

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { limit: 100, maxAgeMs: 24 * 60 * 60 * 1000 };

export function sendMessage(socket: RealtimeSocket, message: RealtimeMessage, onDelivered?: OnDelivered): void {
  socket.emit("message", message, () => onDelivered?.({ messageId: message.id, channel: message.channel }));
}

type ReplayContext = {
  socket: RealtimeSocket;
  key: string;
  channel: ChannelRef;
  since: MessageId;
  log: MessageLog;
  held: HeldDeliveries;
  limits: ReplayLimits;
  onDelivered?: OnDelivered;
  /** Joins the room and records the subscription; runs in the same tick as the flush. */
  resumeLive: () => void;
  onLogError: (error: unknown) => void;
};

/**
 * Sends what the socket missed on one channel after `since`, then goes live, with no gap and
 * no duplicate: live messages published meanwhile are held (not broadcast to this socket, which
 * is not in the room yet), then sent after the replay, skipping those the log already gave.
 */
export async function replayThenGoLive(context: ReplayContext): Promise<ReplaySummary> {
  const { socket, key, held: heldDeliveries } = context;
  const held = heldDeliveries.hold(key, socket);
  let replayed: RealtimeMessage[] = [];
  let complete = false;
  try {
    const notBefore = new Date(Date.now() - context.limits.maxAgeMs);
    const result = await context.log.readAfter(context.channel, context.since, { limit: context.limits.limit, notBefore });
    replayed = result.messages;
    complete = result.complete;
  } catch (error) {
    // Still subscribe live; `complete: false` tells the client the gap stays open.
    context.onLogError(error);
  }
  // From here to the end: one tick, so nothing published can slip between flush and join.
  heldDeliveries.release(key, held);
  if (!socket.connected) return { count: 0, complete: false };
  const sent = new Set<MessageId>();
  for (const message of replayed) {
    sendMessage(socket, message, context.onDelivered);
    sent.add(message.id);
  }
  for (const message of held.messages) {
    if (!sent.has(message.id)) sendMessage(socket, message, context.onDelivered);
  }
  context.resumeLive();
  return { count: replayed.length, complete };
}
