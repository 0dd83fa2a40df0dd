import { z } from "zod";
import { listQuerySchema } from "./list-query";

/** `GET /api/audit?limit=&cursor=`: a page of the audit log; `cursor` is the previous page's `nextCursor`. */
export const auditQuerySchema = listQuerySchema.extend({
  cursor: z.string().min(1).max(64).optional(),
});
