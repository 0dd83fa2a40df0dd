import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { ChannelRef } from "@/lib/realtime/contract";
import { api, demoAdmin, newMember, promoteToAdmin, signIn } from "../support/http";
import { removeDataDir, startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts, waitForMarker } from "../support/socket";
import { setUpServerSuite } from "../support/suite";
import { bearer, createApiToken, rawRequest } from "../support/tokens";

const suite = setUpServerSuite();

const uniqueChannel = (): ChannelRef => ({ name: `idem-${Math.random().toString(36).slice(2, 10)}` });
const alertBody = (text: string, channel: ChannelRef, extra: Record<string, unknown> = {}) => ({ text, color: "#aa5500", channels: [channel], ...extra });

function send(body: unknown, key: string | undefined, credentials: { cookie?: string; headers?: Record<string, string> } = { cookie: suite.adminCookie }, baseUrl = suite.url) {
  return api(baseUrl, "/api/alerts", {
    method: "POST",
    body,
    cookie: credentials.cookie,
    headers: { ...credentials.headers, ...(key === undefined ? {} : { "idempotency-key": key }) },
  });
}

/** A reader of its own channel: what it received, once a marker sent after everything arrived. */
async function listener(channel: ChannelRef): Promise<{ receivedBy: (marker: string) => Promise<string[]> }> {
  const socket = await suite.socketFor();
  expect(await subscribe(socket, channel)).toMatchObject({ ok: true });
  return {
    async receivedBy(marker) {
      expect((await send(alertBody(marker, channel), undefined)).status).toBe(201);
      return texts(await waitForMarker(socket, marker));
    },
  };
}

async function archivedTexts(baseUrl = suite.url): Promise<string[]> {
  const archive = await api<{ text: string }[]>(baseUrl, "/api/alerts?limit=100");
  return archive.body.map((alert) => alert.text);
}

describe("Idempotency-Key on POST /api/alerts", () => {
  it("answers a repeated key with the first answer, and publishes once", async () => {
    const channel = uniqueChannel();
    const reader = await listener(channel);
    const key = randomUUID();
    const body = alertBody(`once ${key}`, channel);

    const first = await send(body, key);
    const second = await send(body, key);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.body.deliveries).toEqual([{ channel, recipients: 1 }]);
    expect(await reader.receivedBy(`marker ${key}`)).toEqual([`once ${key}`, `marker ${key}`]);
    expect((await archivedTexts()).filter((text) => text === `once ${key}`)).toHaveLength(1);
  });

  it("publishes once when the same key arrives five times at the same moment", async () => {
    const channel = uniqueChannel();
    const reader = await listener(channel);
    const key = randomUUID();
    const body = alertBody(`concurrent ${key}`, channel);

    const answers = await Promise.all(Array.from({ length: 5 }, () => send(body, key)));

    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.alert.id)).size).toBe(1);
    expect(await reader.receivedBy(`marker ${key}`)).toEqual([`concurrent ${key}`, `marker ${key}`]);
    expect((await archivedTexts()).filter((text) => text === `concurrent ${key}`)).toHaveLength(1);
  });

  it("treats bodies that validate to the same alert as the same request", async () => {
    const channel = uniqueChannel();
    const key = randomUUID();
    const first = await send({ text: `same ${key}`, color: "#AA5500", channels: [channel, channel] }, key);
    const second = await send({ channels: [channel], color: "#aa5500", text: `  same ${key} `, activeForSeconds: 3600 }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.alert.id).toBe(first.body.alert.id);
  });

  it("refuses the same key with another body (422 idempotency_mismatch), publishing nothing", async () => {
    const channel = uniqueChannel();
    const reader = await listener(channel);
    const key = randomUUID();
    expect((await send(alertBody(`original ${key}`, channel), key)).status).toBe(201);

    for (const changed of [alertBody(`changed ${key}`, channel), alertBody(`original ${key}`, channel, { color: "#000000" }), alertBody(`original ${key}`, channel, { activeForSeconds: 60 })]) {
      const response = await send(changed, key);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("idempotency_mismatch");
    }
    expect(await reader.receivedBy(`marker ${key}`)).toEqual([`original ${key}`, `marker ${key}`]);
  });

  it("keeps different senders' keys apart: two admins and a token may use the same key", async () => {
    const channel = uniqueChannel();
    const reader = await listener(channel);
    const otherAdmin = await promoteToAdmin(suite.url, suite.adminCookie, await newMember(suite.url));
    const { secret } = await createApiToken(suite.url, suite.adminCookie, "idempotent");
    const key = "shared-key";
    const body = alertBody(`from each ${randomUUID()}`, channel);

    const answers = [await send(body, key), await send(body, key, { cookie: otherAdmin.cookie }), await send(body, key, { headers: bearer(secret) })];

    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.alert.id)).size).toBe(3);
    // And each sender's own repeat still finds its own first answer.
    expect((await send(body, key, { headers: bearer(secret) })).body.alert.id).toBe(answers[2]?.body.alert.id);
    expect(await reader.receivedBy(`marker ${key} ${body.text}`)).toHaveLength(4);
  });

  it("refuses a key that is empty, too long, not printable ASCII, or sent twice (400), storing nothing", async () => {
    const channel = uniqueChannel();
    const reader = await listener(channel);
    // (Control characters other than tab can't even be sent: HTTP clients refuse them.)
    for (const key of ["", "k".repeat(256), "clé", "tab\there"]) {
      const response = await send(alertBody(`bad key ${JSON.stringify(key)}`, channel), key);
      expect(response.status, JSON.stringify(key)).toBe(400);
      expect(response.body.error.code).toBe("invalid_input");
      expect(Object.keys(response.body.error.fields)).toEqual(["Idempotency-Key"]);
    }
    const doubled = await rawRequest(suite.url, "/api/alerts", {
      method: "POST",
      headers: [
        ["Cookie", suite.adminCookie],
        ["Idempotency-Key", "one"],
        ["Idempotency-Key", "two"],
      ],
      body: JSON.stringify(alertBody("doubled key", channel)),
    });
    expect(doubled.status).toBe(400);
    expect(doubled.body.error.code).toBe("invalid_input");
    const marker = `marker ${randomUUID()}`;
    expect(await reader.receivedBy(marker)).toEqual([marker]);

    // The longest key and every printable character are fine.
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join("").trim();
    for (const key of ["k".repeat(255), printable]) expect((await send(alertBody(`good key ${randomUUID()}`, channel), key)).status).toBe(201);
  });

  it("is checked after who is asking: a visitor or member with a key gets 401/403, and the key stays free", async () => {
    const channel = uniqueChannel();
    const key = randomUUID();
    const member = await newMember(suite.url);
    expect((await send(alertBody(`refused ${key}`, channel), key, {})).status).toBe(401);
    expect((await send(alertBody(`refused ${key}`, channel), key, { cookie: member.cookie })).status).toBe(403);
    expect((await send(alertBody(`accepted ${key}`, channel), key)).status).toBe(201);
  });
});

describe("Idempotency-Key across a restart", () => {
  const started: TestServer[] = [];
  afterAll(async () => {
    for (const server of started.splice(0)) await server.stop();
  });

  it("answers the first answer again from a restarted server, publishing nothing more", async () => {
    const first = await startTestServer();
    started.push(first);
    const cookie = await signIn(first.url, demoAdmin.email, demoAdmin.password);
    const { secret } = await createApiToken(first.url, cookie!, "restart");
    const channel = uniqueChannel();
    const key = randomUUID();
    const body = alertBody(`across a restart ${key}`, channel);
    const before = await send(body, key, { headers: bearer(secret) }, first.url);
    expect(before.status).toBe(201);

    expect(await first.stop()).toBe(0);
    started.pop();
    const second = await startTestServer({ dataDir: first.dataDir });
    started.push(second);
    const reader = await connectSocket(second.url);
    expect(await subscribe(reader, channel)).toMatchObject({ ok: true });

    const after = await send(body, key, { headers: bearer(secret) }, second.url);
    expect(after.status).toBe(201);
    expect(after.body).toEqual(before.body);
    const marker = `marker ${key}`;
    expect((await send(alertBody(marker, channel), undefined, { headers: bearer(secret) }, second.url)).status).toBe(201);
    expect(texts(await waitForMarker(reader, marker))).toEqual([marker]);
    expect((await archivedTexts(second.url)).filter((text) => text === body.text)).toHaveLength(1);
    reader.disconnect();
    await second.stop();
    started.pop();
    removeDataDir(first.dataDir);
  }, 180_000);
});
