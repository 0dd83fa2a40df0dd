import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { silentLogger, type DbLogger } from "./db-logger";
import { lockDataDir } from "./data-dir-lock";
import { guardExtendedProtocolBatches } from "./pglite-sync-guard";

/**
 * Connections the socket server accepts. PGlite is one backend session; pglite-socket queues
 * queries from all connections and runs one connection's transaction at a time, so several
 * connections are safe. It must stay above Prisma's pool size plus the migration runner's one.
 */
export const EMBEDDED_MAX_CONNECTIONS = 8;

export type EmbeddedPostgres = { connectionString: string; close: () => Promise<void> };

/**
 * PGlite (Postgres compiled to WASM) stored under `<dataDir>/pglite`, served over the
 * PostgreSQL wire protocol on 127.0.0.1 and a free port, so the app reaches it exactly as it
 * reaches a real PostgreSQL (pg + @prisma/adapter-pg): one code path.
 */
export async function startEmbeddedPostgres({ dataDir, logger = silentLogger }: { dataDir: string; logger?: DbLogger }): Promise<EmbeddedPostgres> {
  const storage = path.join(dataDir, "pglite");
  mkdirSync(storage, { recursive: true });
  // PGlite has no postmaster to stop a second process opening the same files; two writers
  // would corrupt them.
  const releaseLock = lockDataDir(storage);
  const startedAt = performance.now();
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create({ dataDir: storage });
    server = new PGLiteSocketServer({
      db: guardExtendedProtocolBatches(db),
      host: "127.0.0.1",
      port: 0,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
    });
    await server.start();
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
  const address = server.getServerConn(); // "127.0.0.1:<port>"
  logger.info({ storage, address, durationMs: Math.round(performance.now() - startedAt) }, "embedded PostgreSQL (PGlite) started");

  const started = { db, server };
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Sockets first (any open transaction is rolled back), then PGlite, which checkpoints
      // and flushes its files, so nothing is left half-written.
      try {
        await started.server.stop();
        await started.db.close();
      } finally {
        releaseLock();
      }
      logger.info({ storage }, "embedded PostgreSQL stopped");
    })();
    return closing;
  };
  return { connectionString: `postgresql://postgres@${address}/postgres?sslmode=disable`, close };
}
