import type { CreatedToken, TokenInput } from "@/lib/schemas/tokens";
import { inAuditedTransaction, recordAuditEvent, type AuditEventInput } from "@/server/audit/record-audit-event";
import { isUniqueViolation } from "@/server/db/prisma-errors";
import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";
import { hashTokenSecret, newTokenSecret } from "./token-secret";

/**
 * A new publishing token for `actor` (an admin, signed in). The answer carries the secret;
 * only its hash is stored, so this is the one time anyone sees it.
 */
export async function createToken({ db }: Pick<Services, "db">, actor: AuditEventInput["actor"], { name }: TokenInput): Promise<CreatedToken> {
  const secret = newTokenSecret();
  try {
    const token = await inAuditedTransaction(db, async (tx) => {
      const created = await tx.apiToken.create({
        data: { name, secretHash: hashTokenSecret(secret), createdById: actor.id },
        select: { id: true, name: true, createdAt: true },
      });
      await recordAuditEvent(tx, { actor, action: "token.created", target: created.id, details: { name } });
      return created;
    });
    return { token: { id: token.id, name: token.name, createdAt: token.createdAt.toISOString() }, secret };
  } catch (error) {
    // The name is what the audit log shows for the token's actions: one live token per name.
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", "A token with this name exists already.", { fields: { name: "A token with this name exists already." } });
    }
    throw error;
  }
}
