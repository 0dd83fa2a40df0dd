import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

// End-to-end tests in a real Chromium against the real production server (the build is made
// before, by `npm test`). Debian's chromium by default; CHROMIUM_PATH points elsewhere.
// E2E_BASE_URL runs the suite against a server that is already up instead of starting one.

const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

// Playwright loads this file again in each worker: the first load picks the port and keeps
// it in the environment, which the workers inherit.
process.env.E2E_PORT ??= String(findFreePort());
const port = Number(process.env.E2E_PORT);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Alerts on the shared `visitors` channel reach every open page: one test at a time keeps
  // each test's banner its own.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // No retries, in CI either: a test that passes only on its second try is a flake to fix.
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: "off",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        // A fresh temporary data dir per run, removed when the server stops (see the script).
        command: "node e2e/support/start-server.mjs",
        url: `${baseURL}/api/health`,
        env: { PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "warn" },
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
        stderr: "pipe",
        gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      },
});

/** Asks the OS for a free port (synchronously: the config can't wait). */
function findFreePort(): number {
  const script =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}
