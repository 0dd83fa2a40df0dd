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

  const bad: [string, unknown, string][] = [
    ["a missing name", { email: "a@example.com", password: "long enough" }, "name"],
    ["an invalid email", { name: "A", email: "not-an-email", password: "long enough" }, "email"],
    ["a short password", { name: "A", email: "a@example.com", password: "short" }, "password"],
    ["a password over 128 characters", { name: "A", email: "a@example.com", password: "p".repeat(129) }, "password"],
    ["a role (sign-up never grants one)", { name: "A", email: "a@example.com", password: "long enough", role: "ADMIN" }, "body"],
  ];
  it.each(bad)("answers 400 invalid_input for %s and creates no account", async (_name, body, field) => {
    const response = await api(server.url, "/api/signup", { method: "POST", body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
    expect(Object.keys(response.body.error.fields)).toContain(field);
    const email = (body as { email?: string }).email;
    if (email) expect(await signIn(server.url, email, "long enough")).toBeNull();
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
