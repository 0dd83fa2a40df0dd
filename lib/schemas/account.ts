import { z } from "zod";
import "@/lib/schemas/zod-config";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const signupInputSchema = z.strictObject({
  name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(80, "At most 80 characters."),
  email: z
    .string({ error: "Enter your email." })
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid email address.").max(254, "That email is too long.")),
  password: z
    .string({ error: "Choose a password." })
    .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters.`),
});

export type SignupInput = z.output<typeof signupInputSchema>;
