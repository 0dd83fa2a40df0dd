import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** A fresh clone has no production build, and the benchmarks run the production server. */
export function ensureBuild(log: (message: string) => void): void {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  log("no production build yet: running `npm run build`");
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}
