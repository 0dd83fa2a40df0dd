import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";

export type AuditEventView = {
  id: string;
  at: string;
  actor: { id: string | null; email: string };
  action: string;
  target: string | null;
  details: unknown;
  requestId: string | null;
};

export type AuditPage = { events: AuditEventView[]; nextCursor: string | null };

/**
 * The audit log, newest first, `limit` at a time. `cursor` is the last event's id of the page
 * before (its `nextCursor`); ordering by (at, id) keeps pages stable when two events share a
 * millisecond.
 */
export async function listAuditEvents({ db }: Pick<Services, "db">, { limit, cursor }: { limit: number; cursor?: string }): Promise<AuditPage> {
  if (cursor && !(await db.auditEvent.findUnique({ where: { id: cursor }, select: { id: true } }))) {
    throw new ApiError("invalid_input", "Unknown cursor.", { fields: { cursor: "No audit event with this id." } });
  }
  const rows = await db.auditEvent.findMany({
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: { id: row.actorId, email: row.actorEmail },
      action: row.action,
      target: row.target,
      details: row.details,
      requestId: row.requestId,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
