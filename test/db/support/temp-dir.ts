import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A fresh directory under the OS temp dir; remove it with removeTempDir in afterEach/afterAll. */
export function makeTempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `newsflash-db-${label}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
