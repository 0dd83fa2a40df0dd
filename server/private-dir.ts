import { chmodSync, mkdirSync, statSync } from "node:fs";

/**
 * Makes `dir` (and missing parents) a directory only this account can enter: mode 0700. The
 * data dir holds the embedded database, its socket and the generated auth secret, which no other
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
