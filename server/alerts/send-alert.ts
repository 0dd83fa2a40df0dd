import { channelKey } from "@/lib/realtime/channel";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { AlertInput } from "@/lib/schemas/alert";
import { inAuditedTransaction, recordAuditEvent } from "@/server/audit/record-audit-event";
import { subscriberForUser, type SessionUser } from "@/server/auth/session-user";
import { getServices } from "@/server/services";

export type AlertPayload = { text: string; color: string; sentAt: string };

export type SentAlert = {
  alert: { id: string; text: string; color: string; sentAt: string };
  deliveries: { channel: ChannelRef; recipients: number }[];
};

/**
 * Stores the alert with its audit record, then publishes it on each channel (the realtime
 * layer logs each message before delivering it), then records who it reached.
 */
export async function sendAlert(input: AlertInput, sender: SessionUser): Promise<SentAlert> {
  const { db, realtime } = getServices();
  const channels = uniqueChannels(input.channels);
  const alert = await inAuditedTransaction(async (tx) => {
    const created = await tx.alert.create({
      data: { text: input.text, color: input.color, channels, senderId: sender.id },
    });
    await recordAuditEvent(tx, {
      actor: sender,
      action: "alert.sent",
      target: created.id,
      details: { text: created.text, color: created.color, channels },
    });
    return created;
  });
  const sentAt = alert.sentAt.toISOString();
  const payload: AlertPayload = { text: alert.text, color: alert.color, sentAt };
  const publisher = subscriberForUser(sender);

  // The sender reads the site too: their own pages show the alert like everyone's.
  const published = await Promise.all(
    channels.map(async (channel) => {
      const { message, recipients } = await realtime.publish(channel, payload, { publisher, includePublisher: true });
      return { channel, recipients, messageId: BigInt(message.id) };
    }),
  );
  await db.alertDelivery.createMany({
    data: published.map(({ channel, recipients, messageId }) => ({
      alertId: alert.id,
      channelName: channel.name,
      channelResource: channel.resourceId ?? "",
      messageId,
      recipients,
    })),
  });

  return {
    alert: { id: alert.id, text: alert.text, color: alert.color, sentAt },
    deliveries: published.map(({ channel, recipients }) => ({ channel, recipients })),
  };
}

function uniqueChannels(channels: ChannelRef[]): ChannelRef[] {
  const byKey = new Map<string, ChannelRef>();
  for (const channel of channels) {
    const normalized = channel.resourceId ? { name: channel.name, resourceId: channel.resourceId } : { name: channel.name };
    byKey.set(channelKey(normalized), normalized);
  }
  return [...byKey.values()];
}
