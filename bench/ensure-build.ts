import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildServer } from "../scripts/build-server.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * A fresh clone has no production build, and the benchmarks run the production server. With a
 * build there, the server is compiled again (well under a second) so that a benchmark measures
 * the checkout's current server code, not a bundle left from an older build.
 */
export async function ensureBuild(log: (message: string) => void): Promise<void> {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return buildServer();
  log("no production build yet: running `npm run build`");
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}
