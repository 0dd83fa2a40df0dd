import { inAuditedTransaction, recordAuditEvent, type AuditEventInput } from "@/server/audit/record-audit-event";
import { isNotFound } from "@/server/db/prisma-errors";
import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";

/** Revokes a token: its row (and so its hash) is deleted; the next request with it gets 401. */
export async function revokeToken({ db }: Pick<Services, "db">, actor: AuditEventInput["actor"], id: string): Promise<void> {
  try {
    await inAuditedTransaction(db, async (tx) => {
      const removed = await tx.apiToken.delete({ where: { id }, select: { name: true } });
      await recordAuditEvent(tx, { actor, action: "token.revoked", target: id, details: { name: removed.name } });
    });
  } catch (error) {
    if (isNotFound(error)) throw new ApiError("not_found", "No token with that id.");
    throw error;
  }
}
