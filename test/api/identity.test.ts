import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, demoAdmin, newMember, signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts, waitForMarker, type TestSocket } from "../support/socket";

// Identity changes take effect at once on open sockets, on the server's side.

let server: TestServer;
let adminCookie: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  adminCookie = (await signIn(server.url, demoAdmin.email, demoAdmin.password))!;
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await server?.stop();
});

async function socketFor(cookie?: string): Promise<TestSocket> {
  const socket = await connectSocket(server.url, cookie);
  sockets.push(socket);
  return socket;
}

async function publish(text: string, channels: { name: string; resourceId?: string }[]) {
  const response = await api(server.url, "/api/alerts", { method: "POST", cookie: adminCookie, body: { text, color: "#123456", channels } });
  expect(response.status).toBe(201);
}

/** Auth.js's own sign-out: POST /api/auth/signout with the session's CSRF token. */
async function signOut(cookie: string): Promise<void> {
  const csrf = await fetch(new URL("/api/auth/csrf", server.url), { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await fetch(new URL("/api/auth/signout", server.url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${csrfCookie}` },
    body: new URLSearchParams({ csrfToken, callbackUrl: server.url }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBeLessThan(400);
}

const weather = { name: "members", resourceId: "weather" };
const publicDesk = { name: "identity-desk" };

describe("sign-out", () => {
  it("stops that session's open sockets from reading members' channels, and only that session's", async () => {
    const member = await newMember(server.url);
    const otherDevice = (await signIn(server.url, member.email, member.password))!;
    const signingOut = await socketFor(member.cookie);
    const stayingIn = await socketFor(otherDevice);
    for (const socket of [signingOut, stayingIn]) {
      expect(await subscribe(socket, weather)).toMatchObject({ ok: true });
      expect(await subscribe(socket, publicDesk)).toMatchObject({ ok: true });
    }

    await signOut(member.cookie);
    await publish("weather after sign-out", [weather]);
    await publish("desk marker", [publicDesk]);

    expect(texts(await waitForMarker(signingOut, "desk marker"))).toEqual(["desk marker"]);
    expect(texts(await waitForMarker(stayingIn, "desk marker"))).toEqual(["weather after sign-out", "desk marker"]);
    expect(await subscribe(signingOut, weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });
});

describe("role changes", () => {
  it("takes admin reach away at once when an admin is demoted, on HTTP and on open sockets", async () => {
    const member = await newMember(server.url);
    const promoted = await api(server.url, `/api/users/${member.id}`, { method: "PATCH", cookie: adminCookie, body: { role: "ADMIN" } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("ADMIN");
    const asAdmin = await socketFor(member.cookie);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: true });
    await subscribe(asAdmin, publicDesk);
    const canSend = await api(server.url, "/api/alerts", { method: "POST", cookie: member.cookie, body: { text: "from the new admin", color: "#000000", channels: [publicDesk] } });
    expect(canSend.status).toBe(201);

    const demoted = await api(server.url, `/api/users/${member.id}`, { method: "PATCH", cookie: adminCookie, body: { role: "MEMBER" } });
    expect(demoted.status).toBe(200);

    const cannotSend = await api(server.url, "/api/alerts", { method: "POST", cookie: member.cookie, body: { text: "x", color: "#000000", channels: [publicDesk] } });
    expect(cannotSend.status).toBe(403);
    await publish("for admins only", [{ name: "admins" }]);
    await publish("demotion marker", [publicDesk]);
    expect(texts(await waitForMarker(asAdmin, "demotion marker"))).toEqual(["from the new admin", "demotion marker"]);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect(await subscribe(asAdmin, weather)).toMatchObject({ ok: true });
  });

  it("is for admins only, validated, and never on oneself", async () => {
    const member = await newMember(server.url);
    const other = await newMember(server.url);
    expect((await api(server.url, `/api/users/${other.id}`, { method: "PATCH", cookie: member.cookie, body: { role: "ADMIN" } })).status).toBe(403);
    expect((await api(server.url, `/api/users/${other.id}`, { method: "PATCH", body: { role: "ADMIN" } })).status).toBe(401);
    const bad = await api(server.url, `/api/users/${other.id}`, { method: "PATCH", cookie: adminCookie, body: { role: "OWNER" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("role");
    expect((await api(server.url, "/api/users/nobody", { method: "PATCH", cookie: adminCookie, body: { role: "ADMIN" } })).status).toBe(404);
    const adminId = (await api(server.url, "/api/auth/session", { cookie: adminCookie })).body.user.id;
    expect((await api(server.url, `/api/users/${adminId}`, { method: "PATCH", cookie: adminCookie, body: { role: "MEMBER" } })).status).toBe(403);
    const users = await api<{ id: string; role: string }[]>(server.url, "/api/users?limit=100", { cookie: adminCookie });
    expect(users.body.find((user) => user.id === other.id)?.role).toBe("MEMBER");
  });
});
