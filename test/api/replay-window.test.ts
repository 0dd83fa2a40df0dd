import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/server/db/open-database";
import { api, demoAdmin, signIn } from "../support/http";
import { removeDataDir, startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts } from "../support/socket";

const HOUR_MS = 60 * 60 * 1000;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  server = undefined;
});

describe("REPLAY_WINDOW_HOURS", () => {
  it("bounds what a reconnecting reader is replayed, and the server prunes the log past it at start", async () => {
    const channel = { name: `window-${randomUUID().slice(0, 8)}` };
    server = await startTestServer();
    const cookie = await signIn(server.url, demoAdmin.email, demoAdmin.password);
    for (const text of ["48 h ago 1", "48 h ago 2", "48 h ago 3", "30 h ago 1", "30 h ago 2"]) {
      const sent = await api(server.url, "/api/alerts", { method: "POST", cookie: cookie!, body: { text, color: "#123456", channels: [channel] } });
      expect(sent.status).toBe(201);
    }
    const { dataDir } = server;
    expect(await server.stop()).toBe(0);

    // Age the log as if those alerts had gone out two days and thirty hours ago.
    const database = await openDatabase({ dataDir, seedDemoUsers: false });
    try {
      const rows = await database.db.realtimeMessage.findMany({ where: { channelName: channel.name }, orderBy: { id: "asc" } });
      const ages = [48, 48, 48, 30, 30].map((hours, i) => new Date(Date.now() - hours * HOUR_MS + i * 1000));
      for (const [i, row] of rows.entries()) await database.db.realtimeMessage.update({ where: { id: row.id }, data: { publishedAt: ages[i]! } });
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
      expect(texts(reader.received)).toEqual(["30 h ago 1", "30 h ago 2"]);
    } finally {
      reader.disconnect();
    }
  });
});
