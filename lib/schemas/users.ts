import { z } from "zod";

export const roleChangeSchema = z.strictObject({
  role: z.enum(["MEMBER", "ADMIN"], { error: "role is MEMBER or ADMIN." }),
});
