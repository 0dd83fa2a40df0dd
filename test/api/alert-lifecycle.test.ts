import { describe, expect, it } from "vitest";
import type { AlertMessagePayload, AlertView } from "@/lib/alerts/alert";
import type { RealtimeMessage } from "@/lib/realtime/contract";
import { api, newMember } from "../support/http";
import { setUpServerSuite } from "../support/suite";
import { subscribe, waitForMarker, waitForMessages } from "../support/socket";

// Issue 12: an alert has a life. Corrections and retractions travel as messages of the same
// alert; active alerts are listed for late arrivals; the sender sees who is listening.

const suite = setUpServerSuite();
const { socketFor } = suite;

const visitors = { name: "visitors" };
const weather = { name: "members", resourceId: "weather" };
const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

const payloads = (messages: RealtimeMessage[]) => messages.map((message) => message.payload as AlertMessagePayload);

function correct(id: string, body: unknown, cookie = suite.adminCookie) {
  return api(suite.url, `/api/alerts/${id}`, { method: "PATCH", body, cookie });
}
function retract(id: string, body: unknown, cookie = suite.adminCookie) {
  return api(suite.url, `/api/alerts/${id}/retract`, { method: "POST", body, cookie });
}
async function activeAlerts(cookie?: string): Promise<AlertView[]> {
  const response = await api<AlertView[]>(suite.url, "/api/alerts/active", cookie ? { cookie } : {});
  expect(response.status).toBe(200);
  return response.body;
}

describe("PATCH /api/alerts/:id", () => {
  it("corrects the alert: every subscriber gets the whole alert again with the next revision, and the lists show it", async () => {
    const desk = { name: uniqueName("desk") };
    const reader = await socketFor();
    await subscribe(reader, desk);
    const { alert } = await suite.publish("Bridge closed on Route 9", [desk]);

    const response = await correct(alert.id, { text: "Bridge closed on Route 8", color: "#AA0000" });

    expect(response.status).toBe(200);
    expect(response.body.alert).toMatchObject({ id: alert.id, text: "Bridge closed on Route 8", color: "#aa0000", revision: 2, status: "active" });
    expect(Date.parse(response.body.alert.correctedAt)).not.toBeNaN();
    const [sent, corrected] = payloads(await waitForMessages(reader, (messages) => messages.length >= 2));
    expect(sent).toMatchObject({ alertId: alert.id, kind: "sent", revision: 1 });
    expect(corrected).toEqual({
      alertId: alert.id,
      kind: "corrected",
      text: "Bridge closed on Route 8",
      color: "#aa0000",
      sentAt: alert.sentAt,
      expiresAt: sent?.expiresAt,
      revision: 2,
    });
    const listed = (await api<AlertView[]>(suite.url, "/api/alerts?limit=100")).body.find((item) => item.id === alert.id);
    expect(listed).toMatchObject({ text: "Bridge closed on Route 8", revision: 2, status: "active" });
  });

  it("answers 404 for an unknown alert and 409 once it was retracted, publishing nothing", async () => {
    const desk = { name: uniqueName("desk") };
    const reader = await socketFor();
    await subscribe(reader, desk);
    const { alert } = await suite.publish("to be withdrawn", [desk]);
    expect((await retract(alert.id, {})).status).toBe(200);

    const unknown = await correct("no-such-alert", { text: "x" });
    const afterRetraction = await correct(alert.id, { text: "too late" });

    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    expect(afterRetraction.status).toBe(409);
    expect(afterRetraction.body.error.code).toBe("conflict");
    await suite.publish("marker after refused corrections", [desk]);
    const kinds = payloads(await waitForMarker(reader, "marker after refused corrections")).map((payload) => payload.kind);
    expect(kinds).toEqual(["sent", "retracted", "sent"]);
  });

  const badCorrections: [string, unknown, string][] = [
    ["nothing to change", {}, "text"],
    ["empty text", { text: "  " }, "text"],
    ["text over 280 characters", { text: "a".repeat(281) }, "text"],
    ["colour not #rrggbb", { color: "red" }, "color"],
    ["unknown field", { text: "ok", channels: [visitors] }, "body"],
  ];

  it.each(badCorrections)("answers 400 invalid_input for %s and changes nothing", async (_name, body, field) => {
    const desk = { name: uniqueName("desk") };
    const reader = await socketFor();
    await subscribe(reader, desk);
    const { alert } = await suite.publish("stays as it is", [desk]);

    const response = await correct(alert.id, body);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
    expect(Object.keys(response.body.error.fields ?? {})).toContain(field);
    await suite.publish("marker after a bad correction", [desk]);
    expect(payloads(await waitForMarker(reader, "marker after a bad correction")).map((payload) => payload.kind)).toEqual(["sent", "sent"]);
    const report = await api(suite.url, `/api/alerts/${alert.id}`, { cookie: suite.adminCookie });
    expect(report.body.alert).toMatchObject({ text: "stays as it is", revision: 1 });
  });

  it("is refused to visitors (401) and members (403)", async () => {
    const { alert } = await suite.publish("not yours to change", [visitors]);
    const member = await newMember(suite.url);

    const asVisitor = await api(suite.url, `/api/alerts/${alert.id}`, { method: "PATCH", body: { text: "x" } });
    const asMember = await correct(alert.id, { text: "x" }, member.cookie);
    const retractAsMember = await retract(alert.id, {}, member.cookie);

    expect(asVisitor.status).toBe(401);
    expect(asMember.status).toBe(403);
    expect(retractAsMember.status).toBe(403);
    expect((await api(suite.url, `/api/alerts/${alert.id}`, { cookie: suite.adminCookie })).body.alert).toMatchObject({ revision: 1, status: "active" });
  });
});

describe("POST /api/alerts/:id/retract", () => {
  it("withdraws the alert: subscribers get a retracted message, it leaves the active list, the archive marks it with the reason", async () => {
    const desk = { name: uniqueName("desk") };
    const reader = await socketFor();
    await subscribe(reader, desk);
    const { alert } = await suite.publish("Wrong: the mayor resigned", [visitors, desk]);
    expect((await activeAlerts()).map((item) => item.id)).toContain(alert.id);

    const response = await retract(alert.id, { reason: "  The mayor did not resign.  " });

    expect(response.status).toBe(200);
    expect(response.body.alert).toMatchObject({ id: alert.id, status: "retracted", revision: 2, reason: "The mayor did not resign." });
    expect(Date.parse(response.body.alert.retractedAt)).not.toBeNaN();
    const retracted = payloads(await waitForMessages(reader, (messages) => messages.length >= 2))[1];
    expect(retracted).toMatchObject({ alertId: alert.id, kind: "retracted", revision: 2 });
    expect((await activeAlerts()).map((item) => item.id)).not.toContain(alert.id);
    const archived = (await api<AlertView[]>(suite.url, "/api/alerts?limit=100")).body.find((item) => item.id === alert.id);
    expect(archived).toMatchObject({ status: "retracted", reason: "The mayor did not resign.", text: "Wrong: the mayor resigned" });
  });

  it("takes no body at all, answers 409 the second time and 404 for an unknown id", async () => {
    const { alert } = await suite.publish("retract me twice", [visitors]);
    const noBody = await fetch(`${suite.url}/api/alerts/${alert.id}/retract`, { method: "POST", headers: { cookie: suite.adminCookie } });
    expect(noBody.status).toBe(200);

    const again = await retract(alert.id, { reason: "again" });
    const unknown = await retract("no-such-alert", {});

    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(unknown.status).toBe(404);
    const report = await api(suite.url, `/api/alerts/${alert.id}`, { cookie: suite.adminCookie });
    expect(report.body.alert).toMatchObject({ status: "retracted", revision: 2, reason: "" });
  });

  it("refuses a reason over 280 characters or of the wrong type, changing nothing", async () => {
    const { alert } = await suite.publish("keep me", [visitors]);
    for (const body of [{ reason: "r".repeat(281) }, { reason: 5 }, { reason: "ok", extra: 1 }]) {
      const response = await retract(alert.id, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("invalid_input");
    }
    expect((await activeAlerts()).map((item) => item.id)).toContain(alert.id);
  });

  it("a reader who was away replays sent, corrected and retracted in order, and ends on the retraction", async () => {
    const desk = { name: uniqueName("desk") };
    const first = await socketFor();
    const reply = await subscribe(first, desk);
    if (!reply.ok) throw new Error("subscribe failed");
    const position = reply.position ?? "0";
    first.disconnect();
    const { alert } = await suite.publish("first version", [desk]);
    await correct(alert.id, { text: "second version" });
    await retract(alert.id, { reason: "withdrawn" });

    const back = await socketFor();
    const replayed = await subscribe(back, desk, position);

    expect(replayed).toMatchObject({ ok: true, replay: { count: 3, complete: true } });
    const seen = payloads(await waitForMessages(back, (messages) => messages.length >= 3));
    expect(seen.map((payload) => [payload.kind, payload.revision, payload.text])).toEqual([
      ["sent", 1, "first version"],
      ["corrected", 2, "second version"],
      ["retracted", 3, "second version"],
    ]);
  });
});

describe("GET /api/alerts/active", () => {
  it("lists active alerts newest first, with only the channels the caller may read, and never a channel they may not", async () => {
    const tag = uniqueName("active");
    await suite.publish(`${tag} public`, [visitors]);
    await suite.publish(`${tag} members`, [weather]);
    await suite.publish(`${tag} both`, [visitors, weather]);
    const member = await newMember(suite.url);

    const mine = (list: AlertView[]) => list.filter((item) => item.text.startsWith(tag));
    const asVisitor = mine(await activeAlerts());
    const asMember = mine(await activeAlerts(member.cookie));

    expect(asVisitor.map((item) => item.text)).toEqual([`${tag} both`, `${tag} public`]);
    expect(asVisitor.flatMap((item) => item.channels)).toEqual([visitors, visitors]);
    expect(asMember.map((item) => item.text)).toEqual([`${tag} both`, `${tag} members`, `${tag} public`]);
    expect(asMember[0]).toMatchObject({ channels: [visitors, weather], status: "active", revision: 1 });
    expect(Date.parse(asMember[0]!.expiresAt)).toBeGreaterThan(Date.now());
  });

  it("honours activeForSeconds within 60 to 86400, and refuses others", async () => {
    const ok = await api(suite.url, "/api/alerts", {
      method: "POST",
      cookie: suite.adminCookie,
      body: { text: "short-lived", color: "#000000", channels: [visitors], activeForSeconds: 60 },
    });
    expect(ok.status).toBe(201);
    expect(Date.parse(ok.body.alert.expiresAt) - Date.parse(ok.body.alert.sentAt)).toBe(60_000);
    for (const activeForSeconds of [59, 86_401, 1.5, "60"]) {
      const refused = await api(suite.url, "/api/alerts", {
        method: "POST",
        cookie: suite.adminCookie,
        body: { text: "never sent", color: "#000000", channels: [visitors], activeForSeconds },
      });
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.error.fields)).toContain("activeForSeconds");
    }
  });
});

describe("GET /api/audience", () => {
  it("counts the sockets listening on each channel the site offers, live", async () => {
    const audience = async () => {
      const response = await api(suite.url, "/api/audience", { cookie: suite.adminCookie });
      expect(response.status).toBe(200);
      const listeners = (name: string, resourceId?: string) =>
        (response.body.channels as { channel: { name: string; resourceId?: string }; listeners: number }[]).find(
          (row) => row.channel.name === name && row.channel.resourceId === resourceId,
        )?.listeners;
      return { visitors: listeners("visitors"), weather: listeners("members", "weather"), total: response.body.total as number };
    };
    const before = await audience();
    const member = await newMember(suite.url);
    const visitor = await socketFor();
    const reader = await socketFor(member.cookie);
    await subscribe(visitor, visitors);
    await subscribe(reader, visitors);
    await subscribe(reader, weather);

    const during = await audience();
    expect(during.visitors).toBe((before.visitors ?? 0) + 2);
    expect(during.weather).toBe((before.weather ?? 0) + 1);
    // A reader on two channels is one listener in the total.
    expect(during.total).toBe(before.total + 2);

    reader.disconnect();
    await expect.poll(async () => (await audience()).visitors).toBe((before.visitors ?? 0) + 1);
  });

  it("is for admins only", async () => {
    const member = await newMember(suite.url);
    expect((await api(suite.url, "/api/audience")).status).toBe(401);
    expect((await api(suite.url, "/api/audience", { cookie: member.cookie })).status).toBe(403);
  });
});
