import { z } from "zod";
import "@/lib/schemas/zod-config";

/**
 * The `Idempotency-Key` header of POST /api/alerts: 1 to 255 printable ASCII characters
 * (space to `~`). A UUID per logical send is the usual choice.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, "Idempotency-Key is 1 to 255 printable ASCII characters.");
