import type { SignupInput } from "@/lib/schemas/account";
import { hashPassword } from "@/server/auth/password";
import { isUniqueViolation } from "@/server/db/prisma-errors";
import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";

/** A new member account. Sign-up never grants a role: admins come from the seed or an admin. */
export async function signUp({ db }: Pick<Services, "db">, input: SignupInput): Promise<{ id: string; name: string; email: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { name: input.name, email: input.email, passwordHash, role: "MEMBER" },
      select: { id: true, name: true, email: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", "An account with this email exists already.", {
        fields: { email: "An account with this email exists already. Sign in instead." },
      });
    }
    throw error;
  }
}
