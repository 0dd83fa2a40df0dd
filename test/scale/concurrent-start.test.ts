import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { api, demoAdmin, signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";
import { createSharedServices, type SharedServices } from "./support/services";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

let services: SharedServices | undefined;
const servers: TestServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await services?.cleanUp();
});

describe("two instances starting at the same moment on one empty PostgreSQL", () => {
  it("apply each migration once, seed once, and both serve", async () => {
    services = await createSharedServices();
    const env = services.instanceEnv;
    servers.push(...(await Promise.all([startTestServer({ env }), startTestServer({ env })])));

    const migrations = readdirSync(MIGRATIONS_DIR).filter((name) => statSync(path.join(MIGRATIONS_DIR, name)).isDirectory());
    const client = new pg.Client({ connectionString: services.databaseUrl });
    await client.connect();
    try {
      const recorded = await client.query<{ migration_name: string; finished_at: Date | null }>(
        `SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(recorded.rows.map((row) => row.migration_name)).toEqual(migrations.sort());
      expect(recorded.rows.every((row) => row.finished_at !== null)).toBe(true);
      const users = await client.query<{ email: string }>(`SELECT email FROM "Users" ORDER BY email`);
      expect(users.rows.map((row) => row.email)).toEqual(["admin@example.com", "member@example.com"]);
    } finally {
      await client.end();
    }
    // Between the two logs, each migration was applied once.
    const appliedLines = servers.flatMap((server) => server.output().split("\n").filter((line) => line.includes('"applied migration"')));
    expect(appliedLines).toHaveLength(migrations.length);

    for (const server of servers) {
      expect((await api(server.url, "/api/health")).status).toBe(200);
      expect(await signIn(server.url, demoAdmin.email, demoAdmin.password)).toBeTruthy();
    }
  });
});
