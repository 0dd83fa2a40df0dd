import type { SessionUser } from "@/server/auth/session-user";
import type { Prisma } from "@/server/db/generated/prisma/client";
import { currentRequestContext } from "@/server/http/request-context";
import type { AuditAction } from "./audit-action";

export type AuditEventInput = {
  actor: Pick<SessionUser, "id" | "email">;
  action: AuditAction;
  target?: string;
  details?: Prisma.InputJsonObject;
};

/**
 * Records an admin action. Pass the transaction that performs the action, so the action and
 * its record commit (or roll back) together: an action is never done without its record.
 */
export async function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: event.actor.id,
      actorEmail: event.actor.email,
      action: event.action,
      target: event.target ?? null,
      details: event.details ?? {},
      requestId: currentRequestContext()?.requestId ?? null,
    },
  });
}
