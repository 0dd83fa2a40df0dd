import { ACTIVE_FOR_SECONDS, type SentAlert } from "@/lib/alerts/alert";
import { channelKey, normalizeChannel } from "@/lib/realtime/channel-key";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { AlertInput } from "@/lib/schemas/alert";
import type { SessionUser } from "@/server/auth/session-user";
import type { AlertDeps } from "./alert-deps";
import { toAlertView } from "./alert-view";
import { commitAlertChange } from "./commit-alert-change";

/**
 * Stores the alert and publishes it on each channel (commitAlertChange), and answers with
 * how many subscribed readers it was sent to on each.
 */
export async function sendAlert(deps: AlertDeps, input: AlertInput, sender: SessionUser): Promise<SentAlert> {
  const channels = uniqueChannels(input.channels);
  const activeForSeconds = input.activeForSeconds ?? ACTIVE_FOR_SECONDS.default;
  const { alert, recipients } = await commitAlertChange(deps, async (tx) => {
    const sentAt = new Date();
    const alert = await tx.alert.create({
      data: {
        text: input.text,
        color: input.color,
        channels,
        senderId: sender.id,
        sentAt,
        expiresAt: new Date(sentAt.getTime() + activeForSeconds * 1000),
      },
    });
    return {
      alert,
      kind: "sent",
      audit: { actor: sender, action: "alert.sent", target: alert.id, details: { text: alert.text, color: alert.color, channels, activeForSeconds } },
    };
  });
  const { id, text, color, sentAt, expiresAt, revision, status } = toAlertView(alert);
  return {
    alert: { id, text, color, sentAt, expiresAt, revision, status },
    deliveries: channels.map((channel, index) => ({ channel, recipients: recipients[index] ?? 0 })),
  };
}

function uniqueChannels(channels: ChannelRef[]): ChannelRef[] {
  return [...new Map(channels.map((channel) => [channelKey(channel), normalizeChannel(channel)])).values()];
}
