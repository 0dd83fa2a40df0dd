import { randomBytes } from "node:crypto";
import path from "node:path";
import { readOrCreatePrivateFile } from "@/server/private-dir";

export const MIN_AUTH_SECRET_LENGTH = 32;

/**
 * The auth secret generated into `<dataDir>/auth-secret` when AUTH_SECRET is not set. Anyone
 * who reads it can forge any session, so the file must be this account's alone (mode 0600,
 * checked on every read) and the secret long enough.
 */
export function readOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  const secret = readOrCreatePrivateFile(file, () => randomBytes(48).toString("base64url"));
  if (secret.length < MIN_AUTH_SECRET_LENGTH) {
    throw new Error(
      `${file} holds ${secret.length} characters; an auth secret needs at least ${MIN_AUTH_SECRET_LENGTH}. Delete the file to have a new one generated (everyone is signed out), or set AUTH_SECRET.`,
    );
  }
  return secret;
}
