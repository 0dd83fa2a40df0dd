import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, demoAdmin, demoMember, signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe } from "../support/socket";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

const uniqueEmail = () => `someone-${randomUUID()}@example.com`;

describe("POST /api/signup", () => {
  it("creates a member who can then sign in through Auth.js", async () => {
    const email = uniqueEmail();
    const created = await api(server.url, "/api/signup", { method: "POST", body: { name: "Ada", email: email.toUpperCase(), password: "a long password" } });
    expect(created.status).toBe(201);
    expect(created.body.user).toEqual({ id: expect.any(String), name: "Ada", email });
    expect(JSON.stringify(created.body)).not.toContain("password");

    const cookie = await signIn(server.url, email, "a long password");
    expect(cookie).toBeTruthy();
    const session = await api(server.url, "/api/auth/session", { cookie: cookie! });
    expect(session.body.user).toMatchObject({ email, name: "Ada", role: "MEMBER" });
  });

  it("refuses a second account for the same email with 409 and changes nothing", async () => {
    const email = uniqueEmail();
    await api(server.url, "/api/signup", { method: "POST", body: { name: "First", email, password: "first password" } });
    const again = await api(server.url, "/api/signup", { method: "POST", body: { name: "Second", email, password: "second password" } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "conflict", fields: { email: expect.any(String) } });
    expect(await signIn(server.url, email, "first password")).toBeTruthy();
    expect(await signIn(server.url, email, "second password")).toBeNull();
  });

  // Each with an email of its own, so an account one of them wrongly created can't hide.
  const bad: [string, (email: string) => Record<string, unknown>, string][] = [
    ["a missing name", (email) => ({ email, password: "long enough" }), "name"],
    ["an invalid email", (email) => ({ name: "A", email: email.replace("@", " at "), password: "long enough" }), "email"],
    ["a short password", (email) => ({ name: "A", email, password: "short" }), "password"],
    ["a password over 128 characters", (email) => ({ name: "A", email, password: "p".repeat(129) }), "password"],
    ["a role (sign-up never grants one)", (email) => ({ name: "A", email, password: "long enough", role: "ADMIN" }), "body"],
  ];
  it.each(bad)("answers 400 invalid_input for %s and creates no account", async (_name, makeBody, field) => {
    const body = makeBody(uniqueEmail());
    const response = await api(server.url, "/api/signup", { method: "POST", body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
    expect(Object.keys(response.body.error.fields)).toContain(field);
    // Not with the password it sent (had the account been made, that one would open it), and
    // not in the admin's list of accounts (newest first, after the admins).
    expect(await signIn(server.url, String(body.email), String(body.password))).toBeNull();
    const users = await api<{ email: string }[]>(server.url, "/api/users?limit=100", { cookie: (await signIn(server.url, demoAdmin.email, demoAdmin.password))! });
    expect(users.status).toBe(200);
    expect(users.body.length).toBeLessThan(100);
    expect(users.body.map((user) => user.email)).not.toContain(String(body.email).toLowerCase());
  });
});

describe("sign-in", () => {
  it("signs in the demo accounts with their roles", async () => {
    const admin = await signIn(server.url, demoAdmin.email, demoAdmin.password);
    const member = await signIn(server.url, demoMember.email, demoMember.password);
    expect((await api(server.url, "/api/auth/session", { cookie: admin! })).body.user.role).toBe("ADMIN");
    expect((await api(server.url, "/api/auth/session", { cookie: member! })).body.user.role).toBe("MEMBER");
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    expect(await signIn(server.url, demoMember.email, "wrong password")).toBeNull();
    expect(await signIn(server.url, uniqueEmail(), "whatever123")).toBeNull();
  });

  it("sends a signed-in visit to /login on to its `next` page, never to another site", async () => {
    const member = (await signIn(server.url, demoMember.email, demoMember.password))!;
    const site = new URL(server.url);
    for (const [next, expected] of [
      ["/alerts", "/alerts"],
      ["/\t/evil.example", "/"],
      ["/.//evil.example", "/"],
      ["//evil.example", "/"],
      ["/\\evil.example", "/"],
    ]) {
      const response = await fetch(new URL(`/login?next=${encodeURIComponent(next!)}`, server.url), { headers: { cookie: member }, redirect: "manual" });
      expect(response.status, next).toBe(307);
      // Resolved as a browser resolves a Location header.
      const target = new URL(response.headers.get("location") ?? "", server.url);
      expect([target.host, target.pathname], next).toEqual([site.host, expected]);
    }
  });

  it("gives the socket the session's identity", async () => {
    const member = await signIn(server.url, demoMember.email, demoMember.password);
    const socket = await connectSocket(server.url, member!);
    try {
      expect(await subscribe(socket, { name: "members", resourceId: "weather" })).toMatchObject({ ok: true });
    } finally {
      socket.disconnect();
    }
  });
});

describe("GET /api/health", () => {
  it("answers ok once the database answers", async () => {
    const response = await api(server.url, "/api/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
  });
});
