import type { ChannelRef, MessageId, RealtimeMessage, ReplaySummary } from "@/lib/realtime/contract";
import type { HeldDeliveries } from "./held-deliveries";
import type { MessageLog } from "./message-log";
import type { OnSocketAck, RealtimeSocket } from "./types";

export type ReplayLimits = { limit: number; maxAgeMs: number };

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { limit: 100, maxAgeMs: 24 * 60 * 60 * 1000 };

export function sendMessage(socket: RealtimeSocket, message: RealtimeMessage, onAck?: OnSocketAck): void {
  socket.emit("message", message, () => onAck?.(socket, message));
}

/**
 * What the socket missed on `channel` after `since`, within the replay limits, oldest first.
 * A log that can't be read leaves the gap open (`complete: false`) rather than failing the
 * subscription: the reader still goes live.
 */
export async function readMissed(
  log: MessageLog,
  channel: ChannelRef,
  since: MessageId,
  limits: ReplayLimits,
  onLogError: (error: unknown) => void,
): Promise<{ messages: RealtimeMessage[]; complete: boolean }> {
  try {
    return await log.readAfter(channel, since, { limit: limits.limit, notBefore: new Date(Date.now() - limits.maxAgeMs) });
  } catch (error) {
    onLogError(error);
    return { messages: [], complete: false };
  }
}

type ReplayContext = {
  socket: RealtimeSocket;
  key: string;
  channel: ChannelRef;
  since: MessageId;
  log: MessageLog;
  held: HeldDeliveries;
  limits: ReplayLimits;
  onAck?: OnSocketAck;
  /** Joins the room and records the subscription; runs in the same tick as the flush. */
  resumeLive: () => void;
  onLogError: (error: unknown) => void;
  /** False once the socket was re-identified (e.g. signed out) after its permission check. */
  isSameIdentity: () => boolean;
};

/** replayThenGoLive sent nothing: the identity whose permission was checked is no longer the socket's. */
export const IDENTITY_CHANGED = "identity-changed";

/**
 * Sends what the socket missed on one channel after `since`, then goes live, with no gap and
 * no duplicate: live messages published meanwhile are held (not broadcast to this socket, which
 * is not in the room yet), then sent after the replay, skipping those the log already gave.
 */
export async function replayThenGoLive(context: ReplayContext): Promise<ReplaySummary | typeof IDENTITY_CHANGED> {
  const { socket, key, held: heldDeliveries } = context;
  const held = heldDeliveries.hold(key, socket);
  const { messages: replayed, complete } = await readMissed(context.log, context.channel, context.since, context.limits, context.onLogError);
  // From here to the end: one tick, so nothing published can slip between flush and join.
  heldDeliveries.release(key, held);
  if (!context.isSameIdentity()) return IDENTITY_CHANGED;
  if (!socket.connected) return { count: 0, complete: false };
  const sent = new Set<MessageId>();
  for (const message of replayed) {
    sendMessage(socket, message, context.onAck);
    sent.add(message.id);
  }
  for (const message of held.messages) {
    if (!sent.has(message.id)) sendMessage(socket, message, context.onAck);
  }
  context.resumeLive();
  return { count: replayed.length, complete };
}
