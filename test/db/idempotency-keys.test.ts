import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendAlert } from "@/server/alerts/send-alert";
import type { AlertDeps } from "@/server/alerts/alert-deps";
import { openDatabase, type Database } from "@/server/db/open-database";
import { preparePublish } from "@/server/realtime/publish";
import { createThrowawayDatabase, TEST_DATABASE_URL, type ThrowawayDatabase } from "./support/real-postgres";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

// sendAlert's Idempotency-Key against the database itself, on the embedded one and (with
// TEST_DATABASE_URL) on PostgreSQL, where concurrent transactions really run side by side:
// the key's primary key decides, and the loser publishes nothing. test/api/idempotency.test.ts
// covers the HTTP side; the 24-hour window can only be seen here, with backdated rows.

const HOUR = 60 * 60 * 1000;

function suiteOn(label: string, connect: () => Promise<{ databaseUrl?: string; cleanUp: () => Promise<void> }>) {
  describe(`Idempotency-Key on ${label}`, () => {
    let database: Database;
    let cleanUp: () => Promise<void>;
    let dataDir: string;
    let delivered: number;
    let deps: AlertDeps;
    let sender: { id: string; email: string };

    beforeAll(async () => {
      const connection = await connect();
      cleanUp = connection.cleanUp;
      dataDir = makeTempDir("idempotency");
      database = await openDatabase({ dataDir, databaseUrl: connection.databaseUrl, seedDemoUsers: false });
      const realtime = {
        prepare: preparePublish,
        deliver: async () => {
          delivered += 1;
          return { recipients: 0 };
        },
      } as unknown as AlertDeps["realtime"];
      deps = { db: database.db, realtime };
      const user = await database.db.user.create({ data: { email: "desk@example.com", name: "Desk", passwordHash: "x", role: "ADMIN" } });
      sender = { id: user.id, email: user.email };
    });
    afterAll(async () => {
      await database?.close();
      await cleanUp?.();
      removeTempDir(dataDir);
    });

    const input = (text: string) => ({ text, color: "#123456", channels: [{ name: "visitors" }] });

    it("lets concurrent duplicates commit one alert and publish it once", async () => {
      delivered = 0;
      const idempotency = { senderKey: `user:${sender.id}`, key: "concurrent" };
      const answers = await Promise.all(Array.from({ length: 8 }, () => sendAlert(deps, input("Eight at once"), sender, { idempotency })));

      expect(new Set(answers.map((answer) => answer.alert.id)).size).toBe(1);
      expect(await database.db.alert.count({ where: { text: "Eight at once" } })).toBe(1);
      expect(delivered).toBe(1);
      expect(await database.db.idempotencyKey.count({ where: idempotency })).toBe(1);
    });

    it("forgets a key after 24 hours: it sends anew, and old keys are pruned while fresh ones stay", async () => {
      const senderKey = `user:${sender.id}`;
      const old = await sendAlert(deps, input("Yesterday"), sender, { idempotency: { senderKey, key: "daily" } });
      const fresh = await sendAlert(deps, input("Fresh"), sender, { idempotency: { senderKey, key: "fresh" } });
      await sendAlert(deps, input("Someone else's"), sender, { idempotency: { senderKey: "token:other", key: "stale" } });
      await database.db.idempotencyKey.updateMany({ where: { key: { in: ["daily", "stale"] } }, data: { createdAt: new Date(Date.now() - 25 * HOUR) } });
      delivered = 0;

      const again = await sendAlert(deps, input("Yesterday"), sender, { idempotency: { senderKey, key: "daily" } });

      expect(again.alert.id).not.toBe(old.alert.id);
      expect(delivered).toBe(1);
      const keys = await database.db.idempotencyKey.findMany({ select: { key: true, alertId: true, createdAt: true } });
      expect(keys.find((row) => row.key === "daily")?.alertId).toBe(again.alert.id);
      expect(keys.find((row) => row.key === "fresh")?.alertId).toBe(fresh.alert.id);
      expect(keys.map((row) => row.key)).not.toContain("stale");
      // Within the window, even a day-old key with another body is still a mismatch.
      await database.db.idempotencyKey.updateMany({ where: { key: "fresh" }, data: { createdAt: new Date(Date.now() - 23 * HOUR) } });
      await expect(sendAlert(deps, input("Not fresh"), sender, { idempotency: { senderKey, key: "fresh" } })).rejects.toMatchObject({ code: "idempotency_mismatch" });
    });
  });
}

suiteOn("the embedded database", async () => ({ cleanUp: async () => undefined }));

if (TEST_DATABASE_URL) {
  suiteOn("PostgreSQL (TEST_DATABASE_URL)", async () => {
    const database: ThrowawayDatabase = await createThrowawayDatabase(TEST_DATABASE_URL!);
    return { databaseUrl: database.connectionString, cleanUp: () => database.drop() };
  });
}
