import { z } from "zod";
import "@/lib/schemas/zod-config";

export const roleChangeSchema = z.strictObject({
  role: z.enum(["MEMBER", "ADMIN"], { error: "role is MEMBER or ADMIN." }),
});
