import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";
import { idempotencyWindowStart, type IdempotentRequest } from "./idempotent-request";

/**
 * The answer this sender's key got within the last 24 hours, or null if it is new (or older).
 * The same key with another body: 422 `idempotency_mismatch`, nothing done.
 */
export async function findIdempotentAnswer<T>({ db }: Pick<Services, "db">, request: IdempotentRequest): Promise<T | null> {
  const stored = await db.idempotencyKey.findFirst({
    where: { senderKey: request.senderKey, key: request.key, createdAt: { gte: idempotencyWindowStart() } },
    select: { requestHash: true, response: true },
  });
  if (!stored) return null;
  if (stored.requestHash !== request.requestHash) {
    throw new ApiError("idempotency_mismatch", "This Idempotency-Key was used with a different request body. Use a new key for a new alert.");
  }
  return stored.response as T;
}
