import { removeDataDir, startTestServer } from "@/test/support/server";

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
 * data dir (test/support/server.ts), logging its runtime stats every `statsIntervalMs`.
 */
export async function startServerProcess(statsIntervalMs: number): Promise<ServerProcess> {
  const stats: RuntimeStats[] = [];
  const errors: string[] = [];
  const server = await startTestServer({
    env: {
      // Two thousand readers from one address would trip the rate limits (docs/SECURITY.md).
      RATE_LIMITS: "off",
      STATS_LOG_INTERVAL_MS: String(statsIntervalMs),
    },
    onLine: (line) => {
      if (!line.startsWith("{")) return;
      const entry = JSON.parse(line) as { msg?: string; level?: number } & RuntimeStats;
      if (entry.msg === "runtime stats") stats.push(entry);
      if ((entry.level ?? 0) >= 50) errors.push(line);
    },
  });
  return {
    url: server.url,
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
      await server.stop();
      removeDataDir(server.dataDir);
    },
  };
}
