// Starts the production server for the e2e suite as `npm start` does (the compiled server, with
// the built Next app) on a fresh temporary data dir (a new, empty database with the demo accounts
// seeded), and removes that dir when it stops. The server is compiled again first (well under a
// second), so the suite runs the checkout's current sources, not a bundle left from an older build.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildServer } from "../../scripts/build-server.mjs";
import { SERVER_LAUNCHER } from "../../scripts/server-bundle.mjs";

const keep = Boolean(process.env.E2E_KEEP_DATA);
const dataDir = process.env.DATA_DIR || mkdtempSync(path.join(tmpdir(), "newsflash-e2e-"));
const ownsDataDir = !process.env.DATA_DIR;
console.log(`e2e server: data dir ${dataDir}`);

await buildServer();
// Through the launcher, with its memory settings, as `npm start` (the node is this one).
const child = spawn("sh", [SERVER_LAUNCHER], {
  stdio: "inherit",
  env: { ...process.env, NODE: process.execPath, DATA_DIR: dataDir, NODE_ENV: process.env.NODE_ENV || "production" },
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => child.kill(signal));
}

child.on("exit", (code, signal) => {
  if (ownsDataDir && !keep) {
    try {
      rmSync(dataDir, { recursive: true, force: true });
    } catch {
      // Leaving a temp dir behind is not worth failing the run for.
    }
  }
  process.exit(code ?? (signal ? 0 : 1));
});
