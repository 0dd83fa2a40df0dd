import cuid from "@bugsnag/cuid";
import { ACTIVE_FOR_SECONDS, type SentAlert } from "@/lib/alerts/alert";
import { channelKey, normalizeChannel } from "@/lib/realtime/channel-key";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { AlertInput } from "@/lib/schemas/alert";
import type { AuditEventInput } from "@/server/audit/record-audit-event";
import { isUniqueViolation } from "@/server/db/prisma-errors";
import { findIdempotentAnswer } from "@/server/idempotency/find-idempotent-answer";
import { hashRequest } from "@/server/idempotency/hash-request";
import type { IdempotentRequest } from "@/server/idempotency/idempotent-request";
import { clearExpiredIdempotencyKeys } from "@/server/idempotency/clear-expired-idempotency-keys";
import { saveIdempotentAnswer } from "@/server/idempotency/save-idempotent-answer";
import type { AlertDeps } from "./alert-deps";
import { toAlertView, type AlertRow } from "./alert-view";
import { commitNewAlert } from "./commit-alert-change";

export type SendAlertOptions = {
  /**
   * The sender's `Idempotency-Key` (docs/API.md): within 24 hours the same key and body answer
   * the first answer again and publish nothing; the same key with another body is a 422.
   */
  idempotency?: { senderKey: string; key: string };
};

/**
 * Stores the alert and publishes it on each channel (commitNewAlert), and answers with
 * how many subscribed readers it was sent to on each.
 */
export async function sendAlert(
  deps: AlertDeps,
  input: AlertInput,
  sender: AuditEventInput["actor"],
  { idempotency }: SendAlertOptions = {},
): Promise<SentAlert> {
  const channels = uniqueChannels(input.channels);
  const activeForSeconds = input.activeForSeconds ?? ACTIVE_FOR_SECONDS.default;
  const request: IdempotentRequest | undefined = idempotency && {
    ...idempotency,
    requestHash: hashRequest({ text: input.text, color: input.color, channels, activeForSeconds }),
  };
  if (request) {
    const earlier = await findIdempotentAnswer<SentAlert>(deps, request);
    if (earlier) return earlier;
  }

  const sentAt = new Date();
  const alert = {
    id: cuid(),
    text: input.text,
    color: input.color,
    channels,
    senderId: sender.id,
    sentAt,
    expiresAt: new Date(sentAt.getTime() + activeForSeconds * 1000),
    revision: 1,
    correctedAt: null,
    retractedAt: null,
    retractReason: null,
  };
  const audit = { actor: sender, action: "alert.sent", target: alert.id, details: { text: alert.text, color: alert.color, channels, activeForSeconds } } as const;
  let committed: Awaited<ReturnType<typeof commitNewAlert>>;
  try {
    if (request) await clearExpiredIdempotencyKeys(deps.db, request);
    // The key is written in the alert's own statement: a key is never stored without its alert, nor the reverse.
    const idempotency = request && { request, answer: toSentAlert(alert, channels, []) };
    committed = await commitNewAlert(deps, { alert, kind: "sent", audit }, idempotency);
  } catch (error) {
    // A concurrent request with the same key committed first; this one wrote nothing and published nothing.
    const earlier = request && isUniqueViolation(error) ? await findIdempotentAnswer<SentAlert>(deps, request) : null;
    if (earlier) return earlier;
    throw error;
  }

  const answer = toSentAlert(committed.alert, channels, committed.recipients);
  if (request) await saveIdempotentAnswer(deps, request, answer);
  return answer;
}

function toSentAlert(row: AlertRow, channels: ChannelRef[], recipients: number[]): SentAlert {
  const { id, text, color, sentAt, expiresAt, revision, status } = toAlertView(row);
  return {
    alert: { id, text, color, sentAt, expiresAt, revision, status },
    deliveries: channels.map((channel, index) => ({ channel, recipients: recipients[index] ?? 0 })),
  };
}

function uniqueChannels(channels: ChannelRef[]): ChannelRef[] {
  return [...new Map(channels.map((channel) => [channelKey(channel), normalizeChannel(channel)])).values()];
}
