import type { Prisma } from "@/server/db/generated/prisma/client";
import type { Services } from "@/server/services";
import type { IdempotentRequest } from "./idempotent-request";

/** Stores the complete answer (with the recipients counted at delivery) for the key's repeats. */
export async function saveIdempotentAnswer({ db }: Pick<Services, "db">, request: IdempotentRequest, answer: object): Promise<void> {
  await db.idempotencyKey.update({
    where: { senderKey_key: { senderKey: request.senderKey, key: request.key } },
    data: { response: answer as Prisma.InputJsonObject },
  });
}
