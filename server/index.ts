import { startApp } from "./app";
import { getEnv } from "./env";
import { createLogger } from "./logger";
import { startRuntimeStatsLog } from "./runtime-stats";

// Entry point of `npm start` / `npm run dev`: read the environment, start, and shut down
// cleanly on SIGTERM/SIGINT (sockets closed, database closed, nothing half-written).
async function main(): Promise<void> {
  const env = getEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const app = await startApp(env, logger);
  if (env.STATS_LOG_INTERVAL_MS > 0) startRuntimeStatsLog(logger, env.STATS_LOG_INTERVAL_MS);
  logger.info({ url: app.url, node: process.version, dataDir: env.DATA_DIR, database: env.DATABASE_URL ? "postgresql" : "embedded" }, "Newsflash is ready");

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    const forced = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 15_000);
    forced.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("Newsflash failed to start:", error);
  process.exit(1);
});
