import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "@/server/project-root";
import type { DbLogger } from "./db-logger";
import { silentLogger } from "./db-logger";

// Applies prisma/migrations/*/migration.sql ourselves, because Prisma's schema engine (which
// `prisma migrate deploy` needs) cannot be downloaded on our machines (docs/DATABASE.md).
// Bookkeeping is Prisma's own: same `_prisma_migrations` table, same checksums, same advisory
// lock, so `prisma migrate deploy` on a connected machine sees these migrations as applied.

// From the project root, not this module: the compiled server (dist/server/index.mjs) reads them too.
export const DEFAULT_MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");

/** The lock id Prisma's migrate uses (prisma-engines, postgres connector `advisory_lock`). */
const PRISMA_MIGRATE_LOCK_ID = 72707369;

/** Prisma's own DDL for its bookkeeping table (prisma-engines, postgres connector). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export type LocalMigration = { name: string; checksum: string; sql: string };
export type AppliedMigration = { name: string; checksum: string; durationMs: number };
export type ApplyMigrationsOptions = { migrationsDir?: string; logger?: DbLogger };

/** Refusals that need a person: an edited applied migration, a failed one, a broken script. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies every pending migration, in name order, each in its own transaction, while holding
 * Prisma's advisory lock. Safe to call from several processes at once. Takes a connection
 * string (a connection is opened and closed here) or a connected `pg.Client` (left open).
 * Returns the migrations this call applied (empty when the database was up to date).
 */
export async function applyMigrations(
  target: pg.Client | string,
  { migrationsDir = DEFAULT_MIGRATIONS_DIR, logger = silentLogger }: ApplyMigrationsOptions = {},
): Promise<AppliedMigration[]> {
  const local = readLocalMigrations(migrationsDir);
  const client = typeof target === "string" ? new pg.Client({ connectionString: target }) : target;
  if (typeof target === "string") await client.connect();
  try {
    await lock(client, logger);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = await findPending(client, local, logger);
      const applied: AppliedMigration[] = [];
      for (const migration of pending) {
        const result = await applyOne(client, migration, logger);
        if (result) applied.push(result);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    }
  } finally {
    if (typeof target === "string") await client.end();
  }
}

/** Prisma's layout: one directory per migration holding migration.sql, applied in name order. */
export function readLocalMigrations(migrationsDir: string): LocalMigration[] {
  if (!existsSync(migrationsDir)) throw new MigrationError(`No migrations directory at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(migrationsDir, name, "migration.sql"));
      return { name, checksum: checksumOf(bytes), sql: bytes.toString("utf8") };
    });
}

/** Prisma's checksum: SHA-256 of the script's bytes, lower-case hex. */
export function checksumOf(script: Buffer | string): string {
  return createHash("sha256").update(script).digest("hex");
}

async function lock(client: pg.Client, logger: DbLogger): Promise<void> {
  const tried = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [PRISMA_MIGRATE_LOCK_ID]);
  if (tried.rows[0]?.locked) return;
  logger.info("another process is migrating this database; waiting for it");
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
}

type RecordRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null };

/** Checks the recorded history against the files and returns what is left to apply. */
async function findPending(client: pg.Client, local: LocalMigration[], logger: DbLogger): Promise<LocalMigration[]> {
  const { rows } = await client.query<RecordRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at`,
  );
  // Rows marked rolled back (`prisma migrate resolve --rolled-back`) count as never applied.
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations${failed.logs ? ` (${firstLine(failed.logs)})` : ""}. ` +
        "Repair the database, then mark it with `prisma migrate resolve --applied` or `--rolled-back` before starting again.",
    );
  }
  const appliedByName = new Map(live.map((row) => [row.migration_name, row]));
  for (const migration of local) {
    const recorded = appliedByName.get(migration.name);
    if (recorded && recorded.checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied (checksum ${recorded.checksum} in the database, ` +
          `${migration.checksum} on disk). Restore the original file and put the change in a new migration.`,
      );
    }
  }
  const localNames = new Set(local.map((migration) => migration.name));
  const unknown = [...appliedByName.keys()].filter((name) => !localNames.has(name));
  if (unknown.length > 0) logger.warn({ migrations: unknown }, "the database has migrations this build does not know (a newer version ran here?)");
  return local.filter((migration) => !appliedByName.has(migration.name));
}

/**
 * One migration, atomically: the script and its `_prisma_migrations` row commit together, so
 * a failure leaves nothing behind (no half-applied schema, no "failed" row to resolve by hand)
 * and the next start retries it. Returns undefined if another process applied it meanwhile.
 */
async function applyOne(client: pg.Client, migration: LocalMigration, logger: DbLogger): Promise<AppliedMigration | undefined> {
  const startedAt = performance.now();
  await client.query("BEGIN");
  try {
    // Re-checked inside the transaction: on embedded PGlite every connection shares one backend
    // session, so the advisory lock does not exclude anyone there; pglite-socket does run one
    // connection's transaction at a time, which makes this check the exclusion instead.
    const done = await client.query(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [migration.name],
    );
    if (done.rowCount) {
      await client.query("ROLLBACK");
      return undefined;
    }
    const id = randomUUID();
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
      id,
      migration.checksum,
      migration.name,
    ]);
    // No parameters: pg sends it as a simple query, which may hold many statements.
    await client.query(migration.sql);
    // As Prisma records a success: one step, finished, no logs.
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
  const durationMs = Math.round(performance.now() - startedAt);
  logger.info({ migration: migration.name, durationMs }, "applied migration");
  return { name: migration.name, checksum: migration.checksum, durationMs };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}
