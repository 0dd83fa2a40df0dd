import { silentLogger, type DbLogger } from "./db-logger";
import { createPrismaClient } from "./create-prisma-client";
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import type { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";
import { seedIfEmpty } from "./seed";

export { checkDatabase } from "./check-database";

export type OpenDatabaseOptions = {
  /** Where the embedded database lives (`<dataDir>/pglite`); unused with databaseUrl. */
  dataDir: string;
  /** A PostgreSQL connection string; when absent, the embedded PGlite is started. */
  databaseUrl?: string;
  seedDemoUsers: boolean;
  logger?: DbLogger;
  /** Prisma's pool size. Defaults: 6 embedded (under the socket server's limit), 10 on PostgreSQL. */
  maxConnections?: number;
};

export type Database = {
  /** The process's one Prisma client. */
  db: PrismaClient;
  connectionString: string;
  isEmbedded: boolean;
  /** Disconnects Prisma, then stops the embedded server. Safe to call more than once. */
  close: () => Promise<void>;
};

/** Starts (or connects to) the database, brings its schema up to date, seeds it when empty. */
export async function openDatabase({ dataDir, databaseUrl, seedDemoUsers, logger = silentLogger, maxConnections }: OpenDatabaseOptions): Promise<Database> {
  const startedAt = performance.now();
  const embedded: EmbeddedPostgres | undefined = databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir, logger });
  const connectionString = embedded?.connectionString ?? (databaseUrl as string);
  let db: PrismaClient | undefined;
  try {
    await applyMigrations(connectionString, { logger });
    db = createPrismaClient(connectionString, {
      // Leaves the embedded server room for the migration runner and a maintenance client.
      maxConnections: maxConnections ?? (embedded ? EMBEDDED_MAX_CONNECTIONS - 2 : 10),
    });
    await seedIfEmpty(db, { seedDemoUsers, logger });
  } catch (error) {
    await db?.$disconnect().catch(() => undefined);
    await embedded?.close().catch(() => undefined);
    throw error;
  }
  logger.info({ embedded: Boolean(embedded), durationMs: Math.round(performance.now() - startedAt) }, "database ready");

  const client = db;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      try {
        await client.$disconnect();
      } finally {
        await embedded?.close();
      }
    })();
    return closing;
  };
  return { db: client, connectionString, isEmbedded: Boolean(embedded), close };
}
