import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/server/db/open-database";
import { createPrismaMessageLog } from "@/server/db/prisma-message-log";
import { removeDataDir, startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts } from "../support/socket";

const HOUR_MS = 60 * 60 * 1000;

let server: TestServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await server?.stop();
  if (dataDir) removeDataDir(dataDir);
  server = undefined;
  dataDir = undefined;
});

describe("REPLAY_WINDOW_HOURS", () => {
  it("bounds what a reconnecting reader is replayed, and the server prunes the log past it at start", async () => {
    const channel = { name: `window-${randomUUID().slice(0, 8)}` };
    // A log as if alerts had gone out two days and thirty hours ago.
    dataDir = mkdtempSync(path.join(tmpdir(), "newsflash-test-"));
    const database = await openDatabase({ dataDir, seedDemoUsers: false });
    try {
      const log = createPrismaMessageLog(database.db);
      for (const [i, hours] of [48, 48, 48, 30, 30].entries()) {
        const { id } = await log.append(channel, { text: `${hours} h ago ${i}` });
        await database.db.realtimeMessage.update({ where: { id: BigInt(id) }, data: { publishedAt: new Date(Date.now() - hours * HOUR_MS + i * 1000) } });
      }
    } finally {
      await database.close();
    }

    let onPruned: (deleted: number) => void = () => undefined;
    const pruned = new Promise<number>((resolve) => (onPruned = resolve));
    server = await startTestServer({
      dataDir,
      env: { REPLAY_WINDOW_HOURS: "36" },
      onLine: (line) => {
        if (line.includes('"message log pruned"')) onPruned((JSON.parse(line) as { deleted: number }).deleted);
      },
    });
    // The three from two days ago are past the window: two go, the newest stays to mark the gap.
    expect(await pruned).toBe(2);

    const reader = await connectSocket(server.url);
    try {
      const reply = await subscribe(reader, channel, "0");
      // Within 36 hours (the default 24 would send neither); the older ones are reported missing.
      expect(reply).toMatchObject({ ok: true, replay: { count: 2, complete: false } });
      // A replay is sent before the reply, on the same connection: it has arrived.
      expect(texts(reader.received)).toEqual(["30 h ago 3", "30 h ago 4"]);
    } finally {
      reader.disconnect();
    }
  }, 180_000); // a cold start of the embedded database, then of the server on it: slow when the machine is busy
});
