import { ApiError } from "@/server/http/api-error";
import { isNotFound } from "@/server/db/prisma-errors";
import { getServices } from "@/server/services";

/** Removes the type; the cascade removes it from every member's saved choice too. */
export async function removeSubscriptionType(id: string): Promise<void> {
  try {
    await getServices().db.subscriptionType.delete({ where: { id } });
  } catch (error) {
    if (isNotFound(error)) throw new ApiError("not_found", "No subscription type with that id.");
    throw error;
  }
}
