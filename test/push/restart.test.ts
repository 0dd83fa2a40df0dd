import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { api, demoAdmin, signIn } from "../support/http";
import { startPushServiceStandIn, waitUntil } from "../support/push-service";
import { removeDataDir, startTestServer, type TestServer } from "../support/server";

// Pushes are recorded with the alert, in its transaction, and sent by a worker: a restart
// between the two delays them, loses none and repeats none. The first server runs with its
// worker off (PUSH_WORKER=off), so it certainly stops before sending anything.

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  if (servers[0]) removeDataDir(servers[0].dataDir);
});

async function start(dataDir: string | undefined, env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ dataDir, env: { PUSH_ALLOW_LOOPBACK: "true", ...env } });
  servers.push(server);
  return server;
}

describe("a restart between publishing and pushing", () => {
  it("still pushes each alert change once, skipping those overtaken by a later change, with the same key", { timeout: 180_000 }, async () => {
    const pushService = await startPushServiceStandIn();
    try {
      const first = await start(undefined, { PUSH_WORKER: "off" });
      // The generated key pair is kept in the data dir, readable by its owner only.
      const keyFile = path.join(first.dataDir, "vapid-keys.json");
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const { publicKey } = (await api(first.url, "/api/push/public-key")).body as { publicKey: string };
      expect(JSON.parse(readFileSync(keyFile, "utf8")).publicKey).toBe(publicKey);

      const device = pushService.newDevice();
      expect((await api(first.url, "/api/push/subscriptions", { method: "POST", body: device.subscription })).status).toBe(201);
      const cookie = (await signIn(first.url, demoAdmin.email, demoAdmin.password))!;
      const send = async (text: string) => {
        const response = await api(first.url, "/api/alerts", { method: "POST", cookie, body: { text, color: "#aa0000", channels: [{ name: "visitors" }] } });
        expect(response.status).toBe(201);
        return response.body.alert.id as string;
      };
      const kept = await send("Kept as sent");
      const withdrawn = await send("Withdrawn before it went out");
      expect((await api(first.url, `/api/alerts/${withdrawn}/retract`, { method: "POST", cookie, body: {} })).status).toBe(200);
      const corrected = await send("Corected before it went out");
      expect((await api(first.url, `/api/alerts/${corrected}`, { method: "PATCH", cookie, body: { text: "Corrected before it went out" } })).status).toBe(200);
      expect(await first.stop()).toBe(0);
      expect(device.requests()).toEqual([]);

      const second = await start(first.dataDir, {});
      await waitUntil(() => device.received().length >= 3, "three pushes after the restart");
      // Nothing more comes, however long we wait for the worker's next rounds.
      await new Promise((resolve) => setTimeout(resolve, 2_500));

      const pushes = device.received();
      expect(pushes.map((push) => [push.message.alertId, push.message.kind, push.message.text]).sort()).toEqual(
        [
          [kept, "sent", "Kept as sent"],
          // The retraction alone: the alert it withdraws is not announced after the fact.
          [withdrawn, "retracted", "Withdrawn before it went out"],
          // The correction alone, replacing what was never shown.
          [corrected, "corrected", "Corrected before it went out"],
        ].sort(),
      );
      expect(new Set(pushes.map((push) => push.vapidKey))).toEqual(new Set([publicKey]));
      expect((await api(second.url, "/api/push/public-key")).body).toEqual({ publicKey });
      expect(pushService.problems).toEqual([]);
    } finally {
      await pushService.close();
    }
  });
});
