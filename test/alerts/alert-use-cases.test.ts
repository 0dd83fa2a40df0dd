import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { correctAlert, retractAlert } from "@/server/alerts/change-alert";
import { listAlerts } from "@/server/alerts/list-alerts";
import { sendAlert } from "@/server/alerts/send-alert";
import { createSitePermissions } from "@/server/alerts/site-policy";
import type { SessionUser } from "@/server/auth/session-user";
import { openDatabase, type Database } from "@/server/db/open-database";
import { createPrismaMessageLog } from "@/server/db/prisma-message-log";
import { startTestServer, type TestServer } from "@/test/support/realtime-server";

// The alert use cases with their dependencies passed in: a real embedded database and a real
// realtime server in this process, no Next.js. What the HTTP tests cannot reach quickly (an
// alert's expiry, the rows written together) is checked here.

let dataDir: string;
let database: Database;
let realtime: TestServer;
let sender: SessionUser;
const visitor = { type: "Visitor", id: "anonymous" } as const;
const visitors = { name: "visitors" };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "newsflash-use-cases-"));
  database = await openDatabase({ dataDir, seedDemoUsers: true });
  const permissions = createSitePermissions();
  realtime = await startTestServer({ permissions, messageLog: createPrismaMessageLog(database.db) });
  const admin = await database.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  sender = { id: admin.id, name: admin.name, email: admin.email, role: admin.role };
});

afterAll(async () => {
  await realtime?.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const deps = () => ({ db: database.db, realtime: realtime.realtime, permissions: createSitePermissions() });

/** A device registered for Web Push until the test ends, so that its sends queue a push. */
async function registerPushDevice(name: string): Promise<void> {
  const device = await database.db.pushSubscription.create({ data: { endpoint: `https://push.example/${name}`, p256dh: "key", auth: "secret" } });
  onTestFinished(async () => {
    await database.db.pushSubscription.delete({ where: { id: device.id } });
  });
}

describe("alert use cases", () => {
  it("an alert leaves the active list when it expires, and the archive keeps it as expired", async () => {
    const { alert } = await sendAlert(deps(), { text: "expires in a minute", color: "#123456", channels: [visitors], activeForSeconds: 60 }, sender);
    const justBefore = new Date(Date.parse(alert.expiresAt) - 1);
    const justAfter = new Date(Date.parse(alert.expiresAt) + 1);

    const activeBefore = await listAlerts(deps(), visitor, { limit: 50, isActiveOnly: true, now: justBefore });
    const activeAfter = await listAlerts(deps(), visitor, { limit: 50, isActiveOnly: true, now: justAfter });
    const archived = await listAlerts(deps(), visitor, { limit: 50, now: justAfter });

    expect(activeBefore.map((item) => item.id)).toContain(alert.id);
    expect(activeAfter.map((item) => item.id)).not.toContain(alert.id);
    expect(archived.find((item) => item.id === alert.id)).toMatchObject({ status: "expired" });
  });

  it("a page's own channels: newer alerts on other channels do not crowd out the reader's", async () => {
    const mine = { name: "mine-banner" };
    const other = { name: "other-banner" };
    const { alert } = await sendAlert(deps(), { text: "on my channel", color: "#123456", channels: [mine] }, sender);
    for (const text of ["newer elsewhere 1", "newer elsewhere 2"]) await sendAlert(deps(), { text, color: "#123456", channels: [other] }, sender);

    const banner = await listAlerts(deps(), visitor, { limit: 1, isActiveOnly: true, onChannels: [mine] });

    expect(banner.map((item) => [item.id, item.channels])).toEqual([[alert.id, [mine]]]);
  });

  it("with no device registered for Web Push, a send queues no push and leaves the push worker asleep", async () => {
    expect(await database.db.pushSubscription.count()).toBe(0);
    let nudges = 0;
    const { alert } = await sendAlert({ ...deps(), push: { nudge: () => (nudges += 1) } }, { text: "nobody to push to", color: "#123456", channels: [visitors] }, sender);

    expect(await database.db.pushOutbox.count({ where: { alertId: alert.id } })).toBe(0);
    expect(nudges).toBe(0);
    expect(await database.db.alertDelivery.count({ where: { alertId: alert.id } })).toBe(1);
  });

  it("writes the alert, its audit record, one log entry per channel, its delivery rows and, with a device registered, its push together", async () => {
    await registerPushDevice("together");
    let nudges = 0;
    const desk = { name: "desk-together" };
    const { alert } = await sendAlert({ ...deps(), push: { nudge: () => (nudges += 1) } }, { text: "all or nothing", color: "#123456", channels: [visitors, desk] }, sender);

    const deliveries = await database.db.alertDelivery.findMany({ where: { alertId: alert.id } });
    const messages = await database.db.realtimeMessage.findMany({ where: { id: { in: deliveries.map((row) => row.messageId) } } });
    const audit = await database.db.auditEvent.findMany({ where: { target: alert.id } });

    expect(deliveries).toHaveLength(2);
    expect(messages.map((message) => (message.payload as { alertId: string }).alertId)).toEqual([alert.id, alert.id]);
    expect(audit.map((event) => event.action)).toEqual(["alert.sent"]);
    // Each delivery row names the log entry on its own channel, and one push outbox row covers both.
    for (const delivery of deliveries) {
      const message = messages.find((candidate) => candidate.id === delivery.messageId);
      expect(message?.channelName).toBe(delivery.channelName);
    }
    const outbox = await database.db.pushOutbox.findMany({ where: { alertId: alert.id } });
    expect(outbox.map((row) => row.channels)).toEqual([[visitors, desk]]);
    expect(nudges).toBe(1);
  });

  it("a send whose statement fails leaves no half-written rows: no alert, audit record, log entry or push", async () => {
    // A real failure in the last part of the one statement that writes the alert, its audit
    // record, the log entries, the push and the deliveries: the parts before it must not stay.
    await database.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_doomed_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await database.db.$executeRawUnsafe(`
      CREATE TRIGGER refuse_doomed_delivery BEFORE INSERT ON "AlertDeliveries"
      FOR EACH ROW WHEN (NEW."channelName" = 'doomed') EXECUTE FUNCTION refuse_doomed_delivery()`);
    await registerPushDevice("half-written");
    try {
      const counts = () =>
        Promise.all([database.db.alert.count(), database.db.auditEvent.count(), database.db.realtimeMessage.count(), database.db.pushOutbox.count(), database.db.alertDelivery.count()]);
      const before = await counts();
      await expect(sendAlert(deps(), { text: "half written?", color: "#123456", channels: [visitors, { name: "doomed" }] }, sender)).rejects.toThrow();
      expect(await counts()).toEqual(before);
    } finally {
      await database.db.$executeRawUnsafe(`DROP TRIGGER refuse_doomed_delivery ON "AlertDeliveries"`);
    }
  });

  it("nothing is written or logged when the change fails inside the transaction", async () => {
    const before = await database.db.realtimeMessage.count();
    await expect(correctAlert(deps(), "no-such-alert", { text: "x" }, sender)).rejects.toMatchObject({ code: "not_found" });
    expect(await database.db.realtimeMessage.count()).toBe(before);
  });

  it("concurrent corrections and a retraction take turns: revisions never repeat, nothing follows the retraction", async () => {
    const { alert } = await sendAlert(deps(), { text: "v1", color: "#123456", channels: [visitors] }, sender);
    const results = await Promise.allSettled([
      correctAlert(deps(), alert.id, { text: "v2" }, sender),
      correctAlert(deps(), alert.id, { text: "v3" }, sender),
      retractAlert(deps(), alert.id, { reason: "wrong" }, sender),
      correctAlert(deps(), alert.id, { text: "v4" }, sender),
    ]);
    const revisions = results.flatMap((result) => (result.status === "fulfilled" ? [result.value.alert.revision] : []));
    expect(new Set(revisions).size).toBe(revisions.length);
    const row = await database.db.alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(row.retractedAt).not.toBeNull();
    // The retraction was the last change: its revision is the highest.
    expect(row.revision).toBe(Math.max(...revisions));
    const logged = await database.db.realtimeMessage.findMany({ where: { payload: { path: ["alertId"], equals: alert.id } }, orderBy: { id: "asc" } });
    const kinds = logged.map((message) => (message.payload as { kind: string }).kind);
    expect(kinds.at(-1)).toBe("retracted");
    expect(logged.map((message) => (message.payload as { revision: number }).revision)).toEqual(kinds.map((_kind, index) => index + 1));
  });
});
