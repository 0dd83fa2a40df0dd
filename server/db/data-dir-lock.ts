import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Claims a directory for this process with a pid file, like postmaster.pid does for a real
 * PostgreSQL. A file left by a process that is gone (a crash) is taken over. Returns release().
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "newsflash.pid");
  if (heldHere.has(file)) throw new Error(`The embedded database in ${dir} is already open in this process.`);
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
  } catch {
    const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(`The embedded database in ${dir} is in use by process ${owner}; stop it first or use another DATA_DIR.`);
    }
    writeFileSync(file, String(process.pid));
  }
  heldHere.add(file);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    heldHere.delete(file);
    rmSync(file, { force: true });
  };
}

// A pid file naming this process but not in this set is stale (e.g. pid 1 again after a
// container restart); one in the set is a second open of the same directory.
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
