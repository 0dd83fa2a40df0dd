import cuid from "@bugsnag/cuid";
import type { SessionUser } from "@/server/auth/session-user";
import type { Prisma, PrismaClient } from "@/server/db/generated/prisma/client";
import { currentRequestContext } from "@/server/http/request-context";
import type { AuditAction } from "./audit-action";

export type AuditEventInput = {
  actor: Pick<SessionUser, "id" | "email">;
  action: AuditAction;
  target?: string;
  details?: Prisma.InputJsonObject;
};

/** An AuditEvents row, whole. */
export type AuditRow = {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string;
  action: AuditAction;
  target: string | null;
  details: Prisma.InputJsonObject;
  requestId: string | null;
};

/**
 * The row that records `event`, id and time included, for writers that insert it in their own
 * SQL (server/alerts/write-alert-change.ts). The id comes from the generator Prisma's `@default(cuid())` uses,
 * so every audit record has one shape of id however it was written.
 */
export function toAuditRow(event: AuditEventInput, at: Date = new Date()): AuditRow {
  return {
    id: cuid(),
    at,
    actorId: event.actor.id,
    actorEmail: event.actor.email,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
    requestId: currentRequestContext()?.requestId ?? null,
  };
}

/**
 * Records an admin action. Pass the transaction that performs the action, so the action and
 * its record commit (or roll back) together: an action is never done without its record.
 */
export async function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({ data: toAuditRow(event) });
}

/**
 * Prisma gives up on starting an interactive transaction after 2 s without a pool connection;
 * under load (every connection busy with replay reads, docs/SOAK.md) that failed admin actions
 * that a plain query would simply have queued for. Wait as long as a request reasonably may.
 */
const AUDITED_TRANSACTION = { maxWait: 15_000, timeout: 15_000 } as const;

/** Runs an admin action in the transaction that will also carry its audit record. */
export function inAuditedTransaction<T>(db: PrismaClient, action: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(action, AUDITED_TRANSACTION);
}
