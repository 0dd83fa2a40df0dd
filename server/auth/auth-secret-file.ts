import { randomBytes } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensurePrivateDir } from "@/server/private-dir";

export const MIN_AUTH_SECRET_LENGTH = 32;

/**
 * The auth secret generated into `<dataDir>/auth-secret` when AUTH_SECRET is not set, so that
 * sessions survive restarts on the same data. Anyone who reads it can forge any session, so the
 * file must be this account's alone (mode 0600, checked on every read) and long enough.
 */
export function readOrCreateAuthSecret(dataDir: string): string {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, "auth-secret");
  const secret = randomBytes(48).toString("base64url");
  try {
    // "wx" fails if the file exists (or another process created it first); then use that one.
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readAuthSecretFile(file);
}

function readAuthSecretFile(file: string): string {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${file} can be read by other accounts (mode ${mode.toString(8).padStart(4, "0")}); anyone who reads it can forge sessions. Run: chmod 600 ${file}`,
    );
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < MIN_AUTH_SECRET_LENGTH) {
    throw new Error(
      `${file} holds ${secret.length} characters; an auth secret needs at least ${MIN_AUTH_SECRET_LENGTH}. Delete the file to have a new one generated (everyone is signed out), or set AUTH_SECRET.`,
    );
  }
  return secret;
}
