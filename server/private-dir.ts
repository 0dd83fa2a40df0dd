import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Makes `dir` (and missing parents) a directory only this account can enter: mode 0700. The
 * data dir holds the embedded database, its socket and the generated secrets, which no other
 * local account may reach (issue 14, finding 6). A directory left group- or world-accessible by
 * an older version is tightened; one owned by another account is refused.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stats = statSync(dir);
  if (!stats.isDirectory()) throw new Error(`${dir} is not a directory.`);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new Error(`${dir} belongs to another account (uid ${stats.uid}); the data dir must be this account's own (uid ${uid}).`);
  }
  if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/**
 * A generated secret kept in a private directory (the auth secret, the VAPID keys), so that
 * sessions and push subscriptions survive restarts on the same data. Written whole with mode
 * 0600 under a temporary name and linked into place, which fails if another process got there
 * first: then theirs is used, and nobody reads a half-written file. Read back only while no
 * other account can read it: anyone who can, can forge what it signs.
 */
export function readOrCreatePrivateFile(file: string, create: () => string): string {
  ensurePrivateDir(path.dirname(file));
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temporary, create(), { mode: 0o600, flag: "wx" });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} can be read by other accounts (mode ${mode.toString(8).padStart(4, "0")}) and holds a secret. Run: chmod 600 ${file}`);
  }
  return readFileSync(file, "utf8").trim();
}
