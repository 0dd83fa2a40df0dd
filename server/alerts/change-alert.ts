import type { AlertKind, AlertView } from "@/lib/alerts/alert";
import type { AlertCorrection, AlertRetraction } from "@/lib/schemas/alert";
import type { AuditAction } from "@/server/audit/audit-action";
import type { SessionUser } from "@/server/auth/session-user";
import type { Prisma } from "@/server/db/generated/prisma/client";
import { ApiError } from "@/server/http/api-error";
import type { AlertDeps } from "./alert-deps";
import { toAlertView, type AlertRow } from "./alert-view";
import { commitAlertUpdate } from "./commit-alert-change";

type Actor = Pick<SessionUser, "id" | "email">;

/** Corrects an alert's text or colour: every page showing it updates in place (kind "corrected"). */
export async function correctAlert(deps: AlertDeps, alertId: string, input: AlertCorrection, actor: Actor): Promise<{ alert: AlertView }> {
  return changeAlert(deps, alertId, actor, "corrected", "alert.corrected", async (tx, before, now) => {
    const alert = await tx.alert.update({
      where: { id: alertId },
      data: { ...input, revision: { increment: 1 }, correctedAt: now },
    });
    const from = { text: before.text, color: before.color };
    return { alert, details: { from, to: { text: alert.text, color: alert.color } } };
  });
}

/** Withdraws an alert: it leaves every page that shows it (kind "retracted"); the archive keeps it, marked. */
export async function retractAlert(deps: AlertDeps, alertId: string, input: AlertRetraction, actor: Actor): Promise<{ alert: AlertView }> {
  return changeAlert(deps, alertId, actor, "retracted", "alert.retracted", async (tx, before, now) => {
    const alert = await tx.alert.update({
      where: { id: alertId },
      data: { revision: { increment: 1 }, retractedAt: now, retractReason: input.reason ?? "" },
    });
    return { alert, details: { text: before.text, reason: input.reason ?? "" } };
  });
}

type Update = (
  tx: Prisma.TransactionClient,
  before: AlertRow,
  now: Date,
) => Promise<{ alert: AlertRow; details: Prisma.InputJsonObject }>;

async function changeAlert(
  deps: AlertDeps,
  alertId: string,
  actor: Actor,
  kind: Exclude<AlertKind, "sent">,
  action: AuditAction,
  update: Update,
): Promise<{ alert: AlertView }> {
  const { alert } = await commitAlertUpdate(deps, async (tx) => {
    // Locked until the commit: concurrent changes of one alert take turns, so revisions never
    // repeat and nothing is changed after its retraction.
    const [before] = await tx.$queryRaw<AlertRow[]>`
      SELECT "id", "text", "color", "channels", "sentAt", "expiresAt", "revision", "correctedAt", "retractedAt", "retractReason"
      FROM "Alerts" WHERE "id" = ${alertId} FOR UPDATE`;
    if (!before) throw new ApiError("not_found", "No alert with that id.");
    if (before.retractedAt) throw new ApiError("conflict", "This alert was retracted; it cannot be changed any more.");
    const { alert, details } = await update(tx, before, new Date());
    return { alert, kind, audit: { actor, action, target: alertId, details: { ...details, revision: alert.revision } } };
  });
  return { alert: toAlertView(alert) };
}
