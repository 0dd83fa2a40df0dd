import { idempotencyKeySchema } from "@/lib/schemas/idempotency";
import { ApiError } from "./api-error";

/** The request's `Idempotency-Key`, validated; undefined when the header is absent. */
export function readIdempotencyKey(request: Request): string | undefined {
  const value = request.headers.get("idempotency-key");
  if (value === null) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid Idempotency-Key.";
    throw new ApiError("invalid_input", message, { fields: { "Idempotency-Key": message } });
  }
  return parsed.data;
}
