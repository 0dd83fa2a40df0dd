import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRef } from "@/lib/realtime/contract";
import { api, newMember, promoteToAdmin } from "../support/http";
import { startPushServiceStandIn, waitUntil, type PushServiceStandIn, type ReceivedPush, type StandInDevice } from "../support/push-service";
import { setUpServerSuite } from "../support/suite";

// Web Push against a push-service stand-in (test/support/push-service.ts), which checks each
// push's VAPID signature, encryption and headers as a real push service would.

const suite = setUpServerSuite({ env: { PUSH_ALLOW_LOOPBACK: "true" } });
let pushService: PushServiceStandIn;
let types: { id: string; type: string; channelName: string; channelResource: string }[];

beforeAll(async () => {
  pushService = await startPushServiceStandIn();
  types = (await api(suite.url, "/api/subscription-types")).body;
});
afterAll(async () => {
  await pushService?.close();
});
afterEach(() => {
  // Every push that reached the stand-in passed its checks.
  expect(pushService.problems).toEqual([]);
});

const visitors: ChannelRef = { name: "visitors" };
const typeNamed = (name: string) => types.find((type) => type.type === name)!;
const channelOf = (name: string): ChannelRef => ({ name: "members", resourceId: typeNamed(name).channelResource });

function register(device: StandInDevice, cookie?: string, body: unknown = device.subscription) {
  return api(suite.url, "/api/push/subscriptions", { method: "POST", body, cookie });
}

async function registered(device: StandInDevice, cookie?: string): Promise<StandInDevice> {
  const response = await register(device, cookie);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body).toEqual({ id: expect.any(String) });
  return device;
}

async function chooseTypes(cookie: string, names: string[]): Promise<void> {
  const response = await api(suite.url, "/api/subscriptions", { method: "PUT", cookie, body: { typeIds: names.map((name) => typeNamed(name).id) } });
  expect(response.status).toBe(200);
}

const alertIds = (device: StandInDevice) => device.received().map((push) => push.message.alertId);
const hasAlert = (device: StandInDevice, alertId: string) => alertIds(device).includes(alertId);

/**
 * Sends a visitors alert that `witness` (a visitor's device) receives: pushes sent before it
 * have had their turn by then (the worker takes them in order), so what a device has not got
 * by now, it was never sent. A little slack for sends that ran side by side.
 */
async function settle(witness: StandInDevice): Promise<void> {
  const marker = await suite.publish(`marker ${Math.random()}`, [visitors]);
  await waitUntil(() => hasAlert(witness, marker.alert.id), "the marker push");
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe("GET /api/push/public-key", () => {
  it("gives the VAPID public key: an uncompressed P-256 point, base64url", async () => {
    const response = await api<{ publicKey: string }>(suite.url, "/api/push/public-key");
    expect(response.status).toBe(200);
    expect(response.body.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(Buffer.from(response.body.publicKey, "base64url")[0]).toBe(4);
  });
});

describe("pushing an alert", () => {
  it("sends a visitors alert to a visitor's device, signed with the site's key and encrypted for that device", async () => {
    const device = await registered(pushService.newDevice());
    const { publicKey } = (await api(suite.url, "/api/push/public-key")).body;

    const { alert } = await suite.publish("Bridge closed after storm", [visitors]);

    await waitUntil(() => hasAlert(device, alert.id), "the push");
    const [push] = device.received() as [ReceivedPush];
    expect(push.message).toEqual({ alertId: alert.id, kind: "sent", text: "Bridge closed after storm", color: "#123456", sentAt: alert.sentAt, url: "/" });
    expect(push.vapidKey).toBe(publicKey);
    expect(push.claims.aud).toBe(pushService.origin);
    expect(push.urgency).toBe("high");
    expect(push.topic).toBe(alert.id);
    // The alert's remaining active time (an hour by default).
    expect(push.ttl).toBeGreaterThan(3_500);
    expect(push.ttl).toBeLessThanOrEqual(3_600);
  });

  it("sends a correction and a retraction of the alert too, so the notification updates and then closes", async () => {
    const device = await registered(pushService.newDevice());
    const { alert } = await suite.publish("Train strike on Monday", [visitors]);
    await waitUntil(() => hasAlert(device, alert.id), "the push");

    const corrected = await api(suite.url, `/api/alerts/${alert.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { text: "Train strike on Tuesday" } });
    expect(corrected.status).toBe(200);
    await waitUntil(() => device.received().length === 2, "the correction's push");
    const retracted = await api(suite.url, `/api/alerts/${alert.id}/retract`, { method: "POST", cookie: suite.adminCookie, body: { reason: "called off" } });
    expect(retracted.status).toBe(200);
    await waitUntil(() => device.received().length === 3, "the retraction's push");

    expect(device.received().map((push) => [push.message.kind, push.message.text, push.topic])).toEqual([
      ["sent", "Train strike on Monday", alert.id],
      ["corrected", "Train strike on Tuesday", alert.id],
      ["retracted", "Train strike on Tuesday", alert.id],
    ]);
  });

  it("reaches each device with what its owner reads: visitors, a member's chosen types (as they are when sent), an admin's both", async () => {
    const visitorDevice = await registered(pushService.newDevice());
    const member = await newMember(suite.url);
    await chooseTypes(member.cookie, ["Weather"]);
    const memberDevice = await registered(pushService.newDevice(), member.cookie);
    const admin = await promoteToAdmin(suite.url, suite.adminCookie, await newMember(suite.url));
    await chooseTypes(admin.cookie, ["Politics"]);
    const adminDevice = await registered(pushService.newDevice(), admin.cookie);

    const weather = await suite.publish("Storm warning", [channelOf("Weather")]);
    const forVisitors = await suite.publish("Road open again", [visitors]);
    const both = await suite.publish("Election called", [channelOf("Politics"), visitors]);
    await waitUntil(() => hasAlert(memberDevice, weather.alert.id) && hasAlert(adminDevice, both.alert.id), "the first pushes");
    // The member changes their mind: the device follows.
    await chooseTypes(member.cookie, ["Politics"]);
    const politics = await suite.publish("Minister resigns", [channelOf("Politics")]);
    await waitUntil(() => hasAlert(memberDevice, politics.alert.id), "the push of the newly chosen type");
    await settle(visitorDevice);

    // Pushes of alerts sent together may arrive in either order: compare as sets.
    const sorted = (ids: unknown[]) => [...ids].sort();
    const ids = (alerts: { alert: { id: string } }[]) => sorted(alerts.map(({ alert }) => alert.id));
    const pushedOf = (device: StandInDevice, sent: { alert: { id: string } }[]) => sorted(alertIds(device).filter((id) => sent.some(({ alert }) => alert.id === id)));
    const all = [weather, forVisitors, both, politics];
    expect(pushedOf(visitorDevice, all)).toEqual(ids([forVisitors, both]));
    expect(pushedOf(memberDevice, all)).toEqual(ids([weather, politics]));
    // One push for an alert on two of its channels.
    expect(pushedOf(adminDevice, all)).toEqual(ids([forVisitors, both, politics]));
  });
});

describe("POST and DELETE /api/push/subscriptions", () => {
  it("moves a device to whoever posts it with its own keys (sign-in, sign-out), never silently to someone else", async () => {
    const witness = await registered(pushService.newDevice());
    const member = await newMember(suite.url);
    await chooseTypes(member.cookie, ["Regional"]);
    const device = await registered(pushService.newDevice(), member.cookie);
    const first = await suite.publish("Regional one", [channelOf("Regional")]);
    await waitUntil(() => hasAlert(device, first.alert.id), "the member's push");

    // Signing out on this device: the page forgets it, then registers it again as a visitor's.
    expect((await api(suite.url, "/api/push/subscriptions", { method: "DELETE", cookie: member.cookie, body: { endpoint: device.subscription.endpoint } })).status).toBe(204);
    await registered(device);
    const second = await suite.publish("Regional two", [channelOf("Regional")]);
    await settle(witness);
    expect(alertIds(device)).not.toContain(second.alert.id);

    // Someone else with other keys for the endpoint: refused, and the device stays as it was.
    const other = await newMember(suite.url);
    await chooseTypes(other.cookie, ["Regional"]);
    const otherKeys = pushService.newDevice().subscription.keys;
    const takeover = await register(device, other.cookie, { ...device.subscription, keys: otherKeys });
    expect(takeover.status).toBe(409);
    expect(takeover.body.error.code).toBe("conflict");
    const anonymous = await register(device, undefined, { ...device.subscription, keys: otherKeys });
    expect(anonymous.status).toBe(409);

    // The browser itself (same keys) signed in as the other member: now theirs.
    await registered(device, other.cookie);
    const third = await suite.publish("Regional three", [channelOf("Regional")]);
    await waitUntil(() => hasAlert(device, third.alert.id), "the other member's push");
    // Decrypted with the device's own keys all along.
    expect(device.received().length).toBeGreaterThanOrEqual(3);
  });

  it("stops pushing to a deleted device (204, also for one unknown)", async () => {
    const witness = await registered(pushService.newDevice());
    const device = await registered(pushService.newDevice());
    const removed = await api(suite.url, "/api/push/subscriptions", { method: "DELETE", body: { endpoint: device.subscription.endpoint } });
    expect(removed.status).toBe(204);
    expect((await api(suite.url, "/api/push/subscriptions", { method: "DELETE", body: { endpoint: `${pushService.origin}/push/unknown` } })).status).toBe(204);

    await suite.publish("After the device left", [visitors]);
    await settle(witness);
    expect(device.requests()).toEqual([]);
  });

  it("refuses endpoints that are not https on a public address, and bad keys, storing nothing (400)", async () => {
    const witness = await registered(pushService.newDevice());
    const device = pushService.newDevice();
    const port = new URL(pushService.origin).port;
    const refusedEndpoints = [
      "http://push.example.com/push/1",
      "ftp://push.example.com/push/1",
      "https://127.0.0.1/push/1",
      "https://localhost/push/1",
      "https://10.0.0.1/push/1",
      "https://192.168.1.1/push/1",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/push/1",
      "https://[::ffff:127.0.0.1]/push/1",
      "https://user:secret@push.example.com/push/1",
      // Would reach the stand-in if it were stored: only http://127.0.0.1 is let through for tests.
      `http://localhost:${port}/push/${device.id}`,
    ];
    for (const endpoint of refusedEndpoints) {
      const response = await register(device, undefined, { ...device.subscription, endpoint });
      expect(response.status, endpoint).toBe(400);
      expect(response.body.error.code, endpoint).toBe("invalid_input");
      expect(response.body.error.fields.endpoint, endpoint).toEqual(expect.any(String));
    }

    const { keys } = device.subscription;
    const offCurve = Buffer.from(keys.p256dh, "base64url");
    offCurve[40] = (offCurve[40] ?? 0) ^ 1;
    const badBodies: [string, unknown, string][] = [
      ["a short p256dh", { ...device.subscription, keys: { ...keys, p256dh: keys.p256dh.slice(1) } }, "keys.p256dh"],
      ["a p256dh off the curve", { ...device.subscription, keys: { ...keys, p256dh: offCurve.toString("base64url") } }, "keys.p256dh"],
      ["a long auth", { ...device.subscription, keys: { ...keys, auth: `${keys.auth}AA` } }, "keys.auth"],
      ["padded base64", { ...device.subscription, keys: { ...keys, auth: `${keys.auth.slice(0, 20)}==` } }, "keys.auth"],
      ["no keys", { endpoint: device.subscription.endpoint }, "keys"],
      ["an unknown field", { ...device.subscription, userId: "someone" }, "body"],
    ];
    for (const [label, body, field] of badBodies) {
      const response = await register(device, undefined, body);
      expect(response.status, label).toBe(400);
      expect(response.body.error.fields, label).toHaveProperty([field]);
    }

    await suite.publish("Nobody refused gets this", [visitors]);
    await settle(witness);
    expect(device.requests()).toEqual([]);
  });
});

describe("answers of the push service", () => {
  it("removes a device the push service says is gone (410)", async () => {
    const witness = await registered(pushService.newDevice());
    const device = await registered(pushService.newDevice());
    device.unsubscribe();

    await suite.publish("To a device that left", [visitors]);
    await waitUntil(() => device.requests().length === 1, "the push answered 410");
    await suite.publish("Not tried again", [visitors]);
    await settle(witness);

    expect(device.requests().map((request) => request.status)).toEqual([410]);
  });

  it("retries 429 and 503, waiting as Retry-After says, and then delivers once", async () => {
    const device = await registered(pushService.newDevice());
    device.answerNext({ status: 429, headers: { "retry-after": "1" } }, { status: 503, headers: { "retry-after": "1" } });

    const { alert } = await suite.publish("Delivered on the third try", [visitors]);
    await waitUntil(() => hasAlert(device, alert.id), "the push after two refusals", 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const requests = device.requests();
    expect(requests.map((request) => request.status)).toEqual([429, 503, 201]);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(950);
    expect(alertIds(device).filter((id) => id === alert.id)).toHaveLength(1);
  });
});

describe("what an installable web app needs", () => {
  it("serves a manifest with its icons, the service worker at the root, and links them from the pages", async () => {
    const manifest = await fetch(new URL("/manifest.webmanifest", suite.url));
    expect(manifest.status).toBe(200);
    const body = (await manifest.json()) as { icons: { src: string; sizes: string; type: string }[] };
    expect(body).toMatchObject({ name: "Newsflash", short_name: "Newsflash", start_url: "/", display: "standalone", theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(body.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of body.icons) {
      const response = await fetch(new URL(icon.src, suite.url));
      expect(response.status, icon.src).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      // A PNG's width and height sit at bytes 16 and 20 (its IHDR chunk).
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }

    const worker = await fetch(new URL("/sw.js", suite.url));
    expect(worker.status).toBe(200);
    expect(worker.headers.get("content-type")).toMatch(/javascript/);
    expect(await worker.text()).toContain('addEventListener("push"');

    const page = await fetch(new URL("/", suite.url));
    expect(page.headers.get("content-security-policy")).toContain("worker-src 'self'");
    const html = await page.text();
    // (Checked as booleans: a failing match would print the whole page.)
    expect(/<link rel="manifest" href="\/manifest.webmanifest"/.test(html), "link to the manifest").toBe(true);
    expect(/<link rel="icon" href="\/icon.svg[^"]*"/.test(html), "link to the favicon").toBe(true);
    expect(/<link rel="apple-touch-icon" href="\/apple-icon.png[^"]*"/.test(html), "link to the home-screen icon").toBe(true);
    for (const path of ["/icon.svg", "/apple-icon.png", "/icons/badge-96.png"]) {
      expect((await fetch(new URL(path, suite.url))).status, path).toBe(200);
    }
  });
});
