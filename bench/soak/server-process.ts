import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export type DelayStats = { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number };

/** A "runtime stats" line of server/runtime-stats.ts. */
export type RuntimeStats = {
  time: number;
  rssBytes: number;
  heapUsedBytes: number;
  eventLoopDelay: DelayStats;
  eventLoopDelaySinceStart: DelayStats;
};

export type ServerProcess = {
  url: string;
  stats: RuntimeStats[];
  /** Lines logged at error level or worse while it ran. */
  errors: string[];
  /** The first stats line logged after `time` (waits for it). */
  statsAfter(time: number, timeoutMs?: number): Promise<RuntimeStats>;
  stop(): Promise<void>;
};

/**
 * The production server (server/index.ts, the built app) on a free loopback port with a fresh
 * data dir, logging its runtime stats every `statsIntervalMs`.
 */
export async function startServerProcess(root: string, statsIntervalMs: number): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "newsflash-soak-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      // Two thousand readers from one address would trip the rate limits (docs/SECURITY.md).
      RATE_LIMITS: "off",
      STATS_LOG_INTERVAL_MS: String(statsIntervalMs),
      AUTH_SECRET: "",
      DATABASE_URL: "",
      REDIS_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stats: RuntimeStats[] = [];
  const errors: string[] = [];
  const recent: string[] = [];
  let onReady: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (onReady = resolve));

  const onLine = (line: string) => {
    recent.push(line);
    if (recent.length > 50) recent.shift();
    if (!line.startsWith("{")) return;
    const entry = JSON.parse(line) as { msg?: string; level?: number; url?: string } & RuntimeStats;
    if (entry.msg === "Newsflash is ready" && entry.url) onReady(entry.url);
    if (entry.msg === "runtime stats") stats.push(entry);
    if ((entry.level ?? 0) >= 50) errors.push(line);
  };
  createInterface({ input: child.stdout }).on("line", onLine);
  createInterface({ input: child.stderr }).on("line", onLine);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const crashed = exited.then(() => {
    throw new Error(`the server exited:\n${recent.join("\n")}`);
  });

  const url = await Promise.race([ready, crashed, timeout(120_000, "the server did not start in 120 s")]);
  return {
    url,
    stats,
    errors,
    async statsAfter(time, timeoutMs = statsIntervalMs * 3) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = stats.find((entry) => entry.time > time);
        if (found) return found;
        if (Date.now() > deadline) throw new Error("no runtime stats from the server");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
