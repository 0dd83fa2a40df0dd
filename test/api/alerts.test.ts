import { describe, expect, it } from "vitest";
import { api, newMember } from "../support/http";
import { setUpServerSuite } from "../support/suite";
import { subscribe, texts, waitForMarker, waitForMessages } from "../support/socket";

const suite = setUpServerSuite();
const { socketFor } = suite;

function sendAlert(body: unknown, cookie = suite.adminCookie) {
  return api(suite.url, "/api/alerts", { method: "POST", body, cookie });
}

const visitors = { name: "visitors" };
const weather = { name: "members", resourceId: "weather" };
// Channels of one test's own, where it counts recipients exactly.
const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

describe("POST /api/alerts", () => {
  it("delivers an alert to subscribed readers and reports the recipients per channel", async () => {
    const desk = { name: uniqueName("desk") };
    const local = { name: "members", resourceId: uniqueName("local") };
    const visitorA = await socketFor();
    const visitorB = await socketFor();
    const member = await newMember(suite.url);
    const memberSocket = await socketFor(member.cookie);
    expect(await subscribe(visitorA, desk)).toMatchObject({ ok: true });
    expect(await subscribe(visitorB, desk)).toMatchObject({ ok: true });
    expect(await subscribe(memberSocket, local)).toMatchObject({ ok: true });

    const response = await sendAlert({ text: "  Storm warning for the coast  ", color: "#CC0000", channels: [desk, local] });

    expect(response.status).toBe(201);
    const { alert } = response.body;
    expect(alert).toMatchObject({ text: "Storm warning for the coast", color: "#cc0000", revision: 1, status: "active" });
    expect(new Date(alert.sentAt).getTime()).not.toBeNaN();
    // Active for the default hour.
    expect(Date.parse(alert.expiresAt) - Date.parse(alert.sentAt)).toBe(3_600_000);
    expect(response.body.deliveries).toEqual([
      { channel: desk, recipients: 2 },
      { channel: local, recipients: 1 },
    ]);
    for (const socket of [visitorA, visitorB, memberSocket]) {
      const [message] = await waitForMessages(socket, (messages) => messages.length >= 1);
      // The alert whole, matched by its id; no admin's id rides along to readers.
      expect(message?.payload).toEqual({
        alertId: alert.id,
        kind: "sent",
        text: "Storm warning for the coast",
        color: "#cc0000",
        sentAt: alert.sentAt,
        expiresAt: alert.expiresAt,
        revision: 1,
      });
      expect(message).not.toHaveProperty("publisher");
    }
    expect(visitorA.received[0]?.channel).toEqual(desk);
    expect(memberSocket.received[0]?.channel).toEqual(local);
  });

  it("is refused to visitors (401) and members (403), storing and delivering nothing", async () => {
    const listener = await socketFor();
    await subscribe(listener, visitors);
    const member = await newMember(suite.url);
    const before = await api(suite.url, "/api/alerts?limit=100");

    const asVisitor = await api(suite.url, "/api/alerts", { method: "POST", body: { text: "x", color: "#000000", channels: [visitors] } });
    const asMember = await sendAlert({ text: "x", color: "#000000", channels: [visitors] }, member.cookie);

    expect(asVisitor.status).toBe(401);
    expect(asVisitor.body.error.code).toBe("unauthenticated");
    expect(asMember.status).toBe(403);
    expect(asMember.body.error.code).toBe("forbidden");
    expect((await api(suite.url, "/api/alerts?limit=100")).body).toEqual(before.body);
    await sendAlert({ text: "marker after refused sends", color: "#000000", channels: [visitors] });
    expect(texts(await waitForMarker(listener, "marker after refused sends"))).toEqual(["marker after refused sends"]);
  });

  const badInputs: [string, unknown, string][] = [
    ["empty text", { text: "   ", color: "#000000", channels: [visitors] }, "text"],
    ["text over 280 characters", { text: "a".repeat(281), color: "#000000", channels: [visitors] }, "text"],
    ["text not a string", { text: 42, color: "#000000", channels: [visitors] }, "text"],
    ["colour not #rrggbb", { text: "hi", color: "red", channels: [visitors] }, "color"],
    ["short colour", { text: "hi", color: "#fff", channels: [visitors] }, "color"],
    ["no channels", { text: "hi", color: "#000000", channels: [] }, "channels"],
    ["21 channels", { text: "hi", color: "#000000", channels: Array.from({ length: 21 }, (_, i) => ({ name: `c${i}` })) }, "channels"],
    ["bad channel name", { text: "hi", color: "#000000", channels: [{ name: "visitors!" }] }, "channels.0.name"],
    ["channel name of 141 characters", { text: "hi", color: "#000000", channels: [{ name: "a".repeat(141) }] }, "channels.0.name"],
    ["empty resource id", { text: "hi", color: "#000000", channels: [{ name: "members", resourceId: "" }] }, "channels.0.resourceId"],
    ["unknown field", { text: "hi", color: "#000000", channels: [visitors], urgent: true }, "body"],
    ["missing everything", {}, "text"],
  ];

  it.each(badInputs)("answers 400 invalid_input for %s, storing and delivering nothing", async (_name, body, field) => {
    const listener = await socketFor();
    await subscribe(listener, visitors);
    const before = await api(suite.url, "/api/alerts?limit=100");

    const response = await sendAlert(body);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
    expect(response.body.error.message).toEqual(expect.any(String));
    expect(Object.keys(response.body.error.fields)).toContain(field);
    expect((await api(suite.url, "/api/alerts?limit=100")).body).toEqual(before.body);
    const marker = `marker after ${_name}`;
    await sendAlert({ text: marker, color: "#000000", channels: [visitors] });
    expect(texts(await waitForMarker(listener, marker))).toEqual([marker]);
  });

  it("answers 400 for a body that is not JSON, and 413 for one over the size limit", async () => {
    const notJson = await api(suite.url, "/api/alerts", { method: "POST", rawBody: "{text:", cookie: suite.adminCookie, headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe("invalid_input");

    const huge = await sendAlert({ text: "x".repeat(100_000), color: "#000000", channels: [visitors] });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
  });
});

describe("GET /api/alerts", () => {
  it("lists newest first, only what the caller may read, with only the channels they may read", async () => {
    const tag = `list-${Date.now()}`;
    await sendAlert({ text: `${tag} public`, color: "#111111", channels: [visitors] });
    await sendAlert({ text: `${tag} members only`, color: "#222222", channels: [weather] });
    await sendAlert({ text: `${tag} both`, color: "#333333", channels: [visitors, weather] });
    const member = await newMember(suite.url);

    const asVisitor = (await api(suite.url, "/api/alerts?limit=100")).body as { text: string; channels: unknown[] }[];
    const asMember = (await api(suite.url, "/api/alerts?limit=100", { cookie: member.cookie })).body as { text: string; channels: unknown[] }[];

    const mine = (list: { text: string }[]) => list.filter((alert) => alert.text.startsWith(tag)).map((alert) => alert.text);
    expect(mine(asVisitor)).toEqual([`${tag} both`, `${tag} public`]);
    expect(asVisitor.find((alert) => alert.text === `${tag} both`)?.channels).toEqual([visitors]);
    expect(mine(asMember)).toEqual([`${tag} both`, `${tag} members only`, `${tag} public`]);
    expect(asMember.find((alert) => alert.text === `${tag} both`)?.channels).toEqual([visitors, weather]);
    expect(asMember[0]).toEqual({
      id: expect.any(String),
      text: `${tag} both`,
      color: "#333333",
      sentAt: expect.any(String),
      expiresAt: expect.any(String),
      revision: 1,
      status: "active",
      channels: [visitors, weather],
    });
  });

  it("honours limit and refuses a bad one", async () => {
    for (let i = 0; i < 3; i++) await sendAlert({ text: `limit ${i}`, color: "#000000", channels: [visitors] });
    const limited = await api(suite.url, "/api/alerts?limit=2");
    expect(limited.status).toBe(200);
    expect(limited.body).toHaveLength(2);
    for (const bad of ["0", "101", "ten"]) {
      const response = await api(suite.url, `/api/alerts?limit=${bad}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("invalid_input");
    }
  });
});

describe("GET /api/alerts/:id", () => {
  it("gives admins the recipients and the acknowledged deliveries per channel, counting only sockets that acknowledged", async () => {
    const desk = { name: uniqueName("desk") };
    const local = { name: "members", resourceId: uniqueName("local") };
    const listeners = [await socketFor(), await socketFor()];
    const silent = await socketFor(undefined, { ack: false });
    for (const listener of [...listeners, silent]) await subscribe(listener, desk);
    const sent = await sendAlert({ text: "report me", color: "#0000ff", channels: [desk, local] });
    for (const listener of [...listeners, silent]) await waitForMessages(listener, (messages) => messages.length === 1);

    // Receipts are counted in batches: poll until both acknowledgements are in.
    let report = await api(suite.url, `/api/alerts/${sent.body.alert.id}`, { cookie: suite.adminCookie });
    for (let tries = 0; report.body.deliveries?.[0]?.delivered !== 2 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = await api(suite.url, `/api/alerts/${sent.body.alert.id}`, { cookie: suite.adminCookie });
    }

    expect(report.status).toBe(200);
    expect(report.body.alert).toMatchObject({ id: sent.body.alert.id, text: "report me", color: "#0000ff", channels: [desk, local] });
    expect(report.body.deliveries).toEqual([
      { channel: desk, recipients: 3, delivered: 2 },
      { channel: local, recipients: 0, delivered: 0 },
    ]);
  });

  it("is for admins only, and 404 for an unknown id", async () => {
    const sent = await sendAlert({ text: "secret report", color: "#0000ff", channels: [visitors] });
    const member = await newMember(suite.url);
    expect((await api(suite.url, `/api/alerts/${sent.body.alert.id}`)).status).toBe(401);
    expect((await api(suite.url, `/api/alerts/${sent.body.alert.id}`, { cookie: member.cookie })).status).toBe(403);
    const missing = await api(suite.url, "/api/alerts/does-not-exist", { cookie: suite.adminCookie });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });
});
