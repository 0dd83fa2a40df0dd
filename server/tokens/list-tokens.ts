import type { TokenView } from "@/lib/schemas/tokens";
import type { Services } from "@/server/services";
import { toTokenView, tokenViewSelect } from "./token-view";

/** Every live token, newest first. */
export async function listTokens({ db }: Pick<Services, "db">): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: tokenViewSelect });
  return rows.map(toTokenView);
}
