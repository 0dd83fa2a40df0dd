import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/db/embedded-postgres";
import { applyMigrations, checksumOf, DEFAULT_MIGRATIONS_DIR, readLocalMigrations } from "@/server/db/migrate";
import { createThrowawayDatabase, TEST_DATABASE_URL, type ThrowawayDatabase } from "./support/real-postgres";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

type MigrationRow = { migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; logs: string | null };

async function recordedMigrations(connectionString: string): Promise<MigrationRow[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<MigrationRow>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function tableExists(connectionString: string, table: string): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`"${table}"`]);
    return rows[0]?.exists ?? false;
  } finally {
    await client.end();
  }
}

/** The project's migrations plus `extra` ones, in a temp copy the test may edit. */
function copyMigrations(tempDir: string, extra: Record<string, string> = {}): string {
  const dir = path.join(tempDir, "migrations");
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("applyMigrations on embedded PGlite", () => {
  let dataDir: string;
  let postgres: EmbeddedPostgres;

  beforeEach(async () => {
    dataDir = makeTempDir("migrate");
    postgres = await startEmbeddedPostgres({ dataDir });
  });
  afterEach(async () => {
    await postgres.close();
    removeTempDir(dataDir);
  });

  it("applies every migration to an empty database and records it as Prisma does", async () => {
    const local = readLocalMigrations(DEFAULT_MIGRATIONS_DIR);
    expect(local.length).toBeGreaterThan(0);

    const applied = await applyMigrations(postgres.connectionString);

    expect(applied.map((migration) => migration.name)).toEqual(local.map((migration) => migration.name));
    const rows = await recordedMigrations(postgres.connectionString);
    expect(rows.map((row) => row.migration_name)).toEqual(local.map((migration) => migration.name));
    for (const row of rows) {
      // Prisma's checksum is the SHA-256 of the file's bytes, as `sha256sum migration.sql` prints it.
      const bytes = readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(checksumOf(bytes));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
    expect(await tableExists(postgres.connectionString, "Users")).toBe(true);
  });

  it("does nothing when applied again", async () => {
    await applyMigrations(postgres.connectionString);
    const before = await recordedMigrations(postgres.connectionString);

    expect(await applyMigrations(postgres.connectionString)).toEqual([]);
    expect(await recordedMigrations(postgres.connectionString)).toEqual(before);
  });

  it("applies only the new migration when one is added later", async () => {
    const migrationsDir = copyMigrations(dataDir);
    await applyMigrations(postgres.connectionString, { migrationsDir });
    const later = copyMigrations(makeTempDir("later"), { "29990101000000_add_notes": `CREATE TABLE "Notes" ("id" TEXT NOT NULL);\n` });

    const applied = await applyMigrations(postgres.connectionString, { migrationsDir: later });

    expect(applied.map((migration) => migration.name)).toEqual(["29990101000000_add_notes"]);
    expect(await tableExists(postgres.connectionString, "Notes")).toBe(true);
    removeTempDir(path.dirname(later));
  });

  it("refuses to start when an applied migration's file was changed", async () => {
    const migrationsDir = copyMigrations(dataDir);
    await applyMigrations(postgres.connectionString, { migrationsDir });
    const [first] = readLocalMigrations(migrationsDir);
    const file = path.join(migrationsDir, first!.name, "migration.sql");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n-- edited after the fact\n`);

    await expect(applyMigrations(postgres.connectionString, { migrationsDir })).rejects.toThrow(
      new RegExp(`Migration ${first!.name} was changed after it was applied`),
    );
  });

  it("refuses to start when a migration is recorded as failed", async () => {
    await applyMigrations(postgres.connectionString);
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    // What `prisma migrate deploy` leaves behind when a script fails halfway.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ('00000000-0000-4000-8000-000000000000', $1, '29990101000000_broken', 'ERROR: boom')`,
      ["0".repeat(64)],
    );
    await client.end();

    await expect(applyMigrations(postgres.connectionString)).rejects.toThrow(/29990101000000_broken is recorded as failed.*ERROR: boom/);
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    const migrationsDir = copyMigrations(dataDir, {
      "29990101000000_half_broken": `CREATE TABLE "Notes" ("id" TEXT NOT NULL);\nSELECT no_such_function();\n`,
    });

    await expect(applyMigrations(postgres.connectionString, { migrationsDir })).rejects.toThrow(/29990101000000_half_broken failed and was rolled back/);

    expect(await tableExists(postgres.connectionString, "Notes")).toBe(false);
    const names = (await recordedMigrations(postgres.connectionString)).map((row) => row.migration_name);
    expect(names).not.toContain("29990101000000_half_broken");
    expect(names).toEqual(readLocalMigrations(DEFAULT_MIGRATIONS_DIR).map((migration) => migration.name));
  });

  it("applies each migration exactly once when two instances start at the same time", async () => {
    await expectConcurrentRunsApplyOnce(postgres.connectionString, dataDir);
  });
});

describe.runIf(TEST_DATABASE_URL)("applyMigrations on a real PostgreSQL (TEST_DATABASE_URL)", () => {
  let database: ThrowawayDatabase;
  let tempDir: string;

  beforeEach(async () => {
    database = await createThrowawayDatabase(TEST_DATABASE_URL!);
    tempDir = makeTempDir("migrate-pg");
  });
  afterEach(async () => {
    await database.drop();
    removeTempDir(tempDir);
  });

  it("applies each migration exactly once when two instances start at the same time", async () => {
    await expectConcurrentRunsApplyOnce(database.connectionString, tempDir);
  });
});

/** Several runners race on an empty database; between them, each migration runs once. */
async function expectConcurrentRunsApplyOnce(connectionString: string, tempDir: string): Promise<void> {
  // A second migration that fails if run twice, so a double application cannot go unnoticed.
  const migrationsDir = copyMigrations(tempDir, {
    "29990101000000_add_notes": `CREATE TABLE "Notes" ("id" TEXT NOT NULL);\nINSERT INTO "Notes" VALUES ('once');\n`,
  });
  const local = readLocalMigrations(migrationsDir);

  const results = await Promise.all([1, 2, 3].map(() => applyMigrations(connectionString, { migrationsDir })));

  const appliedNames = results.flat().map((migration) => migration.name).sort();
  expect(appliedNames).toEqual(local.map((migration) => migration.name));
  const rows = await recordedMigrations(connectionString);
  expect(rows.map((row) => row.migration_name)).toEqual(local.map((migration) => migration.name));
  const client = new pg.Client({ connectionString });
  await client.connect();
  const notes = await client.query(`SELECT * FROM "Notes"`);
  await client.end();
  expect(notes.rowCount).toBe(1);
}
