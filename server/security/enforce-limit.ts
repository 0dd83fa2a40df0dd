import { rateLimited } from "@/server/http/api-error";
import { getServices } from "@/server/services";
import type { LimitName } from "./rate-limits";

/** Spends one point of `limit` for `key`, or throws 429 `rate_limited` with `Retry-After`. */
export async function enforceLimit(limit: LimitName, key: string, message: string): Promise<void> {
  const decision = await getServices().rateLimits[limit].consume(key);
  if (!decision.isAllowed) throw rateLimited(decision.retryAfterSeconds, message);
}
