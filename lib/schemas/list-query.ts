import { z } from "zod";
import "@/lib/schemas/zod-config";

/** `?limit=` of the list endpoints: 1 to 100, 20 when absent. */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(100).default(20),
});
