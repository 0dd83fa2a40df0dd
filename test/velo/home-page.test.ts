import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RealtimeErrorCode, type ChannelRef } from "@/lib/realtime/contract";
import { api, demoAdmin, newMember, signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";
import { openHomePage, type HomePage, type PageElement, type SubscriptionType } from "./home-page.velo";

// Issue 12, item 4: the tutorial's home page code, ported (home-page.velo.ts), run against the
// real production server with the browser's realtime client. An admin sends through
// POST /api/alerts, as the admin page does; what the tests look at is the fake banner, which
// records everything a reader saw on it.

let server: TestServer;
let adminCookie = "";
let types: SubscriptionType[] = [];
const pages: HomePage[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const cookie = await signIn(server.url, demoAdmin.email, demoAdmin.password);
  if (!cookie) throw new Error("the demo admin could not sign in");
  adminCookie = cookie;
  types = (await api<SubscriptionType[]>(server.url, "/api/subscription-types")).body;
});

afterEach(() => {
  for (const page of pages.splice(0)) page.close();
});

afterAll(async () => {
  await server?.stop();
});

const visitors: ChannelRef = { name: "visitors" };

function channelOf(typeName: string): ChannelRef {
  const type = types.find((candidate) => candidate.type === typeName);
  if (!type) throw new Error(`no subscription type ${typeName}`);
  return { name: type.channelName, resourceId: type.channelResource };
}

function typeIdsOf(...typeNames: string[]): string[] {
  return typeNames.map((name) => {
    const type = types.find((candidate) => candidate.type === name);
    if (!type) throw new Error(`no subscription type ${name}`);
    return type.id;
  });
}

/** A home page in a browser of its own, loaded and ready. */
async function openReadyPage(cookie?: string): Promise<HomePage> {
  const page = openHomePage({ url: server.url, headers: cookie ? { cookie } : {} });
  pages.push(page);
  await page.onReady();
  return page;
}

/** The admin sends an alert, as the admin page does. */
async function sendAlert(text: string, color: string, channels: ChannelRef[]): Promise<string> {
  const response = await api<{ alert: { id: string } }>(server.url, "/api/alerts", {
    method: "POST",
    cookie: adminCookie,
    body: { text, color, channels },
  });
  expect(response.status).toBe(201);
  return response.body.alert.id;
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const seenTexts = (element: PageElement) => element.seen.map((shown) => shown.text);
const unique = (text: string) => `${text} [${randomUUID().slice(0, 8)}]`;

/**
 * Proves `banner` never showed `text`: a marker alert sent after it (on a channel the page does
 * listen to) arrives, and one connection delivers in order, so the earlier one would have too.
 */
async function expectNeverShown(banner: PageElement, text: string, marker: string): Promise<void> {
  await waitUntil(() => banner.text === marker, `the marker "${marker}"`);
  expect(seenTexts(banner)).not.toContain(text);
}

describe("the tutorial's home page, ported", () => {
  it("a visitor's banner is hidden until the admin sends a visitors alert, then shows its text in its colour; a retraction takes it down", async () => {
    const page = await openReadyPage();
    const banner = page.$w("#breakingNews");
    expect(banner.hidden).toBe(true);
    expect(page.$w("#settingsIcon").hidden).toBe(true);

    const text = unique("Flood warning for the river towns");
    const alertId = await sendAlert(text, "#1D4ED8", [visitors]);

    await waitUntil(() => !banner.hidden, "the banner to show");
    expect(banner.text).toBe(text);
    expect(banner.style.color).toBe("#1d4ed8");

    const retracted = await api(server.url, `/api/alerts/${alertId}/retract`, { method: "POST", cookie: adminCookie, body: { reason: "Sent in error" } });
    expect(retracted.status).toBe(200);
    await waitUntil(() => banner.hidden, "the banner to hide");
    expect(seenTexts(banner)).toEqual([text]);
  });

  it("a member's banner shows the types they chose, and not the others", async () => {
    const member = await newMember(server.url);
    // Chosen on an earlier visit, in the subscriptions lightbox.
    await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: typeIdsOf("Weather", "Politics") } });

    const page = await openReadyPage(member.cookie);
    const banner = page.$w("#breakingNews");
    expect(page.$w("#settingsIcon").hidden).toBe(false);
    expect(page.subscriptions().map((subscription) => subscription.type).sort()).toEqual(["Politics", "Weather"]);

    const politics = unique("Snap election called");
    await sendAlert(politics, "#7E22CE", [channelOf("Politics")]);
    await waitUntil(() => banner.text === politics, "the politics alert");
    expect(banner.hidden).toBe(false);
    expect(banner.style.color).toBe("#7e22ce");

    const regional = unique("Regional: ferry timetable changes");
    const visitorsOnly = unique("For visitors only");
    const marker = unique("Weather: storm passes");
    await sendAlert(regional, "#15803D", [channelOf("Regional")]);
    await sendAlert(visitorsOnly, "#15803D", [visitors]);
    await sendAlert(marker, "#C2410C", [channelOf("Weather")]);

    await expectNeverShown(banner, regional, marker);
    expect(seenTexts(banner)).not.toContain(visitorsOnly);
    expect(banner.style.color).toBe("#c2410c");
  });

  it("unticking a type in the lightbox runs unsubscribeFromChannels: that type's alerts stop, the others still come", async () => {
    const member = await newMember(server.url);
    await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: typeIdsOf("Weather", "Politics") } });
    const page = await openReadyPage(member.cookie);
    const banner = page.$w("#breakingNews");

    page.wixWindow.ticked = ["Weather"];
    await page.$w("#settingsIcon").click();

    expect(page.subscriptions().map((subscription) => subscription.type)).toEqual(["Weather"]);
    const saved = await api<{ typeIds: string[] }>(server.url, "/api/subscriptions", { cookie: member.cookie });
    expect(saved.body.typeIds).toEqual(typeIdsOf("Weather"));

    const politics = unique("Minister resigns");
    const marker = unique("Weather: fog lifts");
    await sendAlert(politics, "#111827", [channelOf("Politics")]);
    await sendAlert(marker, "#111827", [channelOf("Weather")]);
    await expectNeverShown(banner, politics, marker);

    // Ticking it again subscribes again (subscribeToMemberChannels with what was added).
    page.wixWindow.ticked = ["Weather", "Politics"];
    await page.$w("#settingsIcon").click();
    const again = unique("Budget passes");
    await sendAlert(again, "#111827", [channelOf("Politics")]);
    await waitUntil(() => banner.text === again, "the politics alert after re-ticking");
  });

  it("a visitor who logs in switches from the visitors channel to their chosen types (onLogin)", async () => {
    const member = await newMember(server.url);
    await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: typeIdsOf("Regional") } });
    const page = await openReadyPage();
    const banner = page.$w("#breakingNews");
    const before = unique("Before logging in");
    await sendAlert(before, "#111827", [visitors]);
    await waitUntil(() => banner.text === before, "the visitors alert");

    await page.wixUsers.login(member.email, member.password);

    expect(page.$w("#settingsIcon").hidden).toBe(false);
    const visitorsOnly = unique("Visitors: road reopens");
    const marker = unique("Regional: market moves indoors");
    await sendAlert(visitorsOnly, "#111827", [visitors]);
    await sendAlert(marker, "#B91C1C", [channelOf("Regional")]);
    await expectNeverShown(banner, visitorsOnly, marker);
    expect(banner.style.color).toBe("#b91c1c");
  });

  it("realtime-permissions.js: a visitor asking for a members channel is refused (errorCode 2)", async () => {
    const page = await openReadyPage();
    const weather = types.find((type) => type.type === "Weather");
    if (!weather) throw new Error("no Weather type");

    await expect(page.subscribeToMemberChannels([weather])).rejects.toMatchObject({ errorCode: RealtimeErrorCode.permission });
    expect(page.subscriptions()).toEqual([]);
  });
});
