import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeClient, type RealtimeClient } from "@/lib/realtime/client";
import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";
import { api, attemptSignIn, demoAdmin, newMember, signIn, signOut } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts, waitForMarker, waitForMessages, type TestSocket } from "../support/socket";
import type { SentAlertBody } from "../support/suite";
import { createSharedServices, type SharedServices } from "./support/services";
import { startTcpBalancer, type TcpBalancer } from "./support/tcp-balancer";

// Two real instances (the production server, built app) sharing one PostgreSQL and one Redis,
// as behind a load balancer: they must behave as one.

const weather = { name: "members", resourceId: "weather" };
const desk = { name: "scale-desk" };

let services: SharedServices;
let a: TestServer;
let b: TestServer;
let adminCookie: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  services = await createSharedServices();
  const env = services.instanceEnv;
  // Started one after the other here; concurrent-start.test.ts starts them at the same moment.
  a = await startTestServer({ env });
  b = await startTestServer({ env });
  adminCookie = (await signIn(a.url, demoAdmin.email, demoAdmin.password))!;
  expect(adminCookie).toBeTruthy();
  // The adapter learns of the other instance from its first heartbeat (at start, then every 5 s).
  await waitUntil(async () => (await publishVia(a, "warm-up", [desk])).deliveries.length === 1, "both instances up");
});

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await services?.cleanUp();
});

async function socketOn(server: TestServer, cookie?: string, options?: { ack?: boolean }): Promise<TestSocket> {
  const socket = await connectSocket(server.url, cookie, options);
  sockets.push(socket);
  return socket;
}

async function publishVia(server: TestServer, text: string, channels: ChannelRef[]): Promise<SentAlertBody> {
  const response = await api<SentAlertBody>(server.url, "/api/alerts", { method: "POST", cookie: adminCookie, body: { text, color: "#123456", channels } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function waitUntil(condition: () => Promise<boolean> | boolean, label: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("two instances on one PostgreSQL and one Redis", () => {
  it("delivers a publish on A to subscribers on B, and counts recipients and receipts across both", async () => {
    const member = await newMember(a.url);
    const onA = await socketOn(a, member.cookie);
    const onB = await socketOn(b, member.cookie);
    const visitorOnB = await socketOn(b);
    const silentOnB = await socketOn(b, member.cookie, { ack: false }); // a recipient, never a receipt
    for (const socket of [onA, onB, silentOnB]) expect(await subscribe(socket, weather)).toMatchObject({ ok: true });
    expect(await subscribe(visitorOnB, weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });

    const sent = await publishVia(a, "storm warning", [weather]);

    expect(sent.deliveries).toEqual([{ channel: weather, recipients: 3 }]);
    for (const socket of [onA, onB, silentOnB]) {
      expect(texts(await waitForMessages(socket, (messages) => messages.length === 1))).toEqual(["storm warning"]);
    }
    // Receipts from both instances add up in one row (each instance flushes its own every 250 ms).
    let delivered = -1;
    await waitUntil(async () => {
      const report = await api<{ deliveries: { recipients: number; delivered: number }[] }>(b.url, `/api/alerts/${sent.alert.id}`, { cookie: adminCookie });
      delivered = report.body.deliveries[0]?.delivered ?? -1;
      return delivered === 2;
    }, "2 receipts (one from A, one from B)").catch((error: unknown) => {
      throw new Error(`${String(error)}; delivered = ${delivered}`);
    });
    // And no more arrive later.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const final = await api<{ deliveries: { recipients: number; delivered: number }[] }>(a.url, `/api/alerts/${sent.alert.id}`, { cookie: adminCookie });
    expect(final.body.deliveries).toMatchObject([{ recipients: 3, delivered: 2 }]);
  });

  it("revokes on B a session signed out through A", async () => {
    const member = await newMember(a.url);
    const otherDevice = (await signIn(b.url, member.email, member.password))!;
    const signingOut = await socketOn(b, member.cookie);
    const stayingIn = await socketOn(b, otherDevice);
    for (const socket of [signingOut, stayingIn]) {
      expect(await subscribe(socket, weather)).toMatchObject({ ok: true });
      expect(await subscribe(socket, desk)).toMatchObject({ ok: true });
    }

    await signOut(a.url, member.cookie);
    await publishVia(a, "weather after sign-out", [weather]);
    await publishVia(a, "sign-out marker", [desk]);

    expect(texts(await waitForMarker(signingOut, "sign-out marker"))).toEqual(["sign-out marker"]);
    expect(texts(await waitForMarker(stayingIn, "sign-out marker"))).toEqual(["weather after sign-out", "sign-out marker"]);
    expect(await subscribe(signingOut, weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
    // A copy of the signed-out cookie opens nothing on B either, over HTTP or a new socket.
    expect((await api(b.url, "/api/subscriptions", { cookie: member.cookie })).status).toBe(401);
    expect(await subscribe(await socketOn(b, member.cookie), weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect((await api(b.url, "/api/subscriptions", { cookie: otherDevice })).status).toBe(200);
  });

  it("revokes on B the admin reach of a user demoted through A", async () => {
    const member = await newMember(a.url);
    expect((await api(a.url, `/api/users/${member.id}`, { method: "PATCH", cookie: adminCookie, body: { role: "ADMIN" } })).status).toBe(200);
    // The role change ended the member's sessions on both; a new sign-in (through B) is an admin.
    expect((await api(b.url, "/api/subscriptions", { cookie: member.cookie })).status).toBe(401);
    const adminSession = (await signIn(b.url, member.email, member.password))!;
    const asAdmin = await socketOn(b, adminSession);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: true });
    expect(await subscribe(asAdmin, desk)).toMatchObject({ ok: true });

    expect((await api(a.url, `/api/users/${member.id}`, { method: "PATCH", cookie: adminCookie, body: { role: "MEMBER" } })).status).toBe(200);
    await publishVia(a, "for admins only", [{ name: "admins" }]);
    await publishVia(a, "demotion marker", [desk]);

    expect(texts(await waitForMarker(asAdmin, "demotion marker"))).toEqual(["demotion marker"]);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect((await api(b.url, "/api/subscriptions", { cookie: adminSession })).status).toBe(401);
  });

  it("retracts through A on pages held by B, and counts the audience over both", async () => {
    const audienceOn = async (server: TestServer) => {
      const response = await api(server.url, "/api/audience", { cookie: adminCookie });
      const rows = response.body.channels as { channel: ChannelRef; listeners: number }[];
      const listeners = (name: string, resourceId?: string) =>
        rows.find((row) => row.channel.name === name && row.channel.resourceId === resourceId)?.listeners ?? 0;
      return { visitors: listeners("visitors"), weather: listeners("members", "weather"), total: response.body.total as number };
    };
    const before = await audienceOn(b);
    const member = await newMember(a.url);
    const visitorOnA = await socketOn(a);
    const visitorOnB = await socketOn(b);
    const memberOnB = await socketOn(b, member.cookie);
    for (const socket of [visitorOnA, visitorOnB, memberOnB]) expect(await subscribe(socket, { name: "visitors" })).toMatchObject({ ok: true });
    expect(await subscribe(memberOnB, weather)).toMatchObject({ ok: true });

    // Asked of either instance, counted on both.
    for (const server of [a, b]) {
      expect(await audienceOn(server)).toEqual({ visitors: before.visitors + 3, weather: before.weather + 1, total: before.total + 3 });
    }

    const sent = await publishVia(a, "wrong fact", [{ name: "visitors" }]);
    const retracted = await api(a.url, `/api/alerts/${sent.alert.id}/retract`, { method: "POST", cookie: adminCookie, body: { reason: "wrong" } });
    expect(retracted.status).toBe(200);

    for (const socket of [visitorOnB, memberOnB, visitorOnA]) {
      const seen = await waitForMessages(socket, (messages) => messages.filter((message) => isOf(message, sent.alert.id)).length === 2);
      expect(seen.filter((message) => isOf(message, sent.alert.id)).map((message) => (message.payload as { kind: string }).kind)).toEqual([
        "sent",
        "retracted",
      ]);
    }
    const active = await api(b.url, "/api/alerts/active");
    expect((active.body as { id: string }[]).map((item) => item.id)).not.toContain(sent.alert.id);
  });

  it("sends once for one Idempotency-Key arriving on both at the same moment, and a token made on A works on B", async () => {
    const created = await api<{ secret: string }>(a.url, "/api/tokens", { method: "POST", cookie: adminCookie, body: { name: `scale ${randomUUID()}` } });
    expect(created.status).toBe(201);
    const channel = { name: `scale-idem-${randomUUID().slice(0, 8)}` };
    const readerOnA = await socketOn(a);
    const readerOnB = await socketOn(b);
    for (const socket of [readerOnA, readerOnB]) expect(await subscribe(socket, channel)).toMatchObject({ ok: true });
    const key = randomUUID();
    const text = `once across instances ${key}`;

    const answers = await Promise.all(
      [a, b, a, b, a, b].map((server) =>
        api<SentAlertBody>(server.url, "/api/alerts", {
          method: "POST",
          headers: { authorization: `Bearer ${created.body.secret}`, "idempotency-key": key },
          body: { text, color: "#123456", channels: [channel] },
        }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.alert.id)).size).toBe(1);
    await publishVia(b, `marker ${key}`, [channel]);
    for (const socket of [readerOnA, readerOnB]) expect(texts(await waitForMarker(socket, `marker ${key}`))).toEqual([text, `marker ${key}`]);
  });

  it("counts an account's failed sign-ins across both (the limits live in Redis)", async () => {
    // Default: 10 failures per account and address in 15 minutes. Five through each instance
    // reach it only if both count in one place; the next attempt is refused on either.
    const email = `guess-${randomUUID()}@example.com`;
    for (const server of [a, b, a, b, a, b, a, b, a, b]) {
      const attempt = await attemptSignIn(server.url, email, "wrong-password");
      expect(attempt.status, attempt.body).not.toBe(429);
      expect(attempt.cookie).toBeNull();
    }
    const refused = await attemptSignIn(a.url, email, "wrong-password");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("when an instance dies", () => {
  let balancer: TcpBalancer;
  let client: RealtimeClient;

  afterAll(async () => {
    client?.close();
    await balancer?.close();
  });

  it("its clients reconnect to the other one and replay what they missed", async () => {
    // The browser's own client, through a "load balancer" that sends it to A while A is up.
    balancer = await startTcpBalancer([a.url, b.url]);
    client = createRealtimeClient({
      socketFactory: (options) => io(balancer.url, { ...options, transports: ["websocket"] }),
      socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
    });
    const received: RealtimeMessage[] = [];
    const channel = { name: `failover-${randomUUID().slice(0, 8)}` };
    await client.subscribe(channel, (message) => received.push(message));
    // Registered once connected (subscribe resolved): they report the loss and the comeback.
    const disconnected = new Promise<void>((resolve) => client.onDisconnected(resolve));
    const reconnected = new Promise<void>((resolve) => client.onConnected(resolve));

    await publishVia(b, "before the crash", [channel]);
    await waitUntil(() => received.length === 1, "the first alert");

    // Nothing reaches the client between A's death and its reconnect: hold new connections.
    balancer.setBackends([]);
    await a.kill();
    await disconnected;
    await publishVia(b, "missed 1", [channel]);
    await publishVia(b, "missed 2", [channel]);
    balancer.setBackends([b.url]);
    await reconnected;
    await waitUntil(() => received.length === 3, "the replay", 20_000);
    await publishVia(b, "live again", [channel]);
    await waitUntil(() => received.length === 4, "the live alert after the replay");

    expect(texts(received)).toEqual(["before the crash", "missed 1", "missed 2", "live again"]);
  });

  it("the survivor still shuts down cleanly: Socket.IO, then Redis, then the database", async () => {
    client?.close();
    expect(await b.stop()).toBe(0);
    const steps = b
      .output()
      .split("\n")
      .filter((line) => line.includes('"shutdown step done"'))
      .map((line) => (JSON.parse(line) as { step: string }).step);
    expect(steps.indexOf("realtime and http")).toBeLessThan(steps.indexOf("redis"));
    expect(steps.indexOf("redis")).toBeLessThan(steps.indexOf("database"));
  });
});

function isOf(message: RealtimeMessage, alertId: string): boolean {
  return (message.payload as { alertId?: string }).alertId === alertId;
}
