import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";

export type SavedSubscriptions = { typeIds: string[]; added: string[]; removed: string[] };

/** Replaces the member's chosen types; unknown ids are refused and nothing changes. */
export async function saveSubscriptions({ db }: Pick<Services, "db">, userId: string, typeIds: string[]): Promise<SavedSubscriptions> {
  return db.$transaction(async (tx) => {
    const known = await tx.subscriptionType.findMany({ where: { id: { in: typeIds } }, select: { id: true } });
    const knownIds = new Set(known.map((type) => type.id));
    const unknown = typeIds.filter((id) => !knownIds.has(id));
    if (unknown.length > 0) {
      throw new ApiError("invalid_input", "Some subscription types do not exist.", {
        fields: { typeIds: `Unknown type ids: ${unknown.join(", ")}` },
      });
    }

    await tx.subscription.upsert({ where: { id: userId }, create: { id: userId }, update: {} });
    const current = await tx.subscriptionSelection.findMany({
      where: { subscriptionId: userId },
      select: { subscriptionTypeId: true },
    });
    const currentIds = new Set(current.map((selection) => selection.subscriptionTypeId));
    const wanted = new Set(typeIds);
    const added = typeIds.filter((id) => !currentIds.has(id));
    const removed = [...currentIds].filter((id) => !wanted.has(id));

    if (removed.length > 0) {
      await tx.subscriptionSelection.deleteMany({ where: { subscriptionId: userId, subscriptionTypeId: { in: removed } } });
    }
    if (added.length > 0) {
      await tx.subscriptionSelection.createMany({
        data: added.map((subscriptionTypeId) => ({ subscriptionId: userId, subscriptionTypeId })),
      });
    }
    return { typeIds, added, removed };
  });
}
