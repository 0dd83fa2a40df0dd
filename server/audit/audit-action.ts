/**
 * Every admin action the audit log records (docs/AUDIT.md). Strings in the database rather
 * than a Postgres enum, so adding one needs no migration; this union is the list.
 */
export const AUDIT_ACTIONS = [
  "alert.sent",
  "alert.corrected",
  "alert.retracted",
  "subscription_type.added",
  "subscription_type.renamed",
  "subscription_type.removed",
  "user.role_changed",
  "token.created",
  "token.revoked",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
