import type { TokenView } from "@/lib/schemas/tokens";

type TokenRow = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** The columns a token view needs: never the secret's hash. */
export const tokenViewSelect = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;

export function toTokenView(row: TokenRow): TokenView {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}
