import { describe, expect, it } from "vitest";
import { api, newMember, signIn, signOut } from "../support/http";
import { setUpServerSuite } from "../support/suite";
import { subscribe, texts, waitForMarker } from "../support/socket";

// Identity changes take effect at once on open sockets, on the server's side.

const suite = setUpServerSuite();
const { socketFor, publish } = suite;

const weather = { name: "members", resourceId: "weather" };
const publicDesk = { name: "identity-desk" };

describe("sign-out", () => {
  it("stops that session's open sockets from reading members' channels, and only that session's", async () => {
    const member = await newMember(suite.url);
    const otherDevice = (await signIn(suite.url, member.email, member.password))!;
    const signingOut = await socketFor(member.cookie);
    const stayingIn = await socketFor(otherDevice);
    for (const socket of [signingOut, stayingIn]) {
      expect(await subscribe(socket, weather)).toMatchObject({ ok: true });
      expect(await subscribe(socket, publicDesk)).toMatchObject({ ok: true });
    }

    await signOut(suite.url, member.cookie);
    await publish("weather after sign-out", [weather]);
    await publish("desk marker", [publicDesk]);

    expect(texts(await waitForMarker(signingOut, "desk marker"))).toEqual(["desk marker"]);
    expect(texts(await waitForMarker(stayingIn, "desk marker"))).toEqual(["weather after sign-out", "desk marker"]);
    expect(await subscribe(signingOut, weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });
});

describe("role changes", () => {
  it("takes admin reach away at once when an admin is demoted, on HTTP and on open sockets", async () => {
    const member = await newMember(suite.url);
    const promoted = await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "ADMIN" } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("ADMIN");
    const asAdmin = await socketFor(member.cookie);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: true });
    await subscribe(asAdmin, publicDesk);
    const canSend = await api(suite.url, "/api/alerts", { method: "POST", cookie: member.cookie, body: { text: "from the new admin", color: "#000000", channels: [publicDesk] } });
    expect(canSend.status).toBe(201);

    const demoted = await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "MEMBER" } });
    expect(demoted.status).toBe(200);

    const cannotSend = await api(suite.url, "/api/alerts", { method: "POST", cookie: member.cookie, body: { text: "x", color: "#000000", channels: [publicDesk] } });
    expect(cannotSend.status).toBe(403);
    await publish("for admins only", [{ name: "admins" }]);
    await publish("demotion marker", [publicDesk]);
    expect(texts(await waitForMarker(asAdmin, "demotion marker"))).toEqual(["from the new admin", "demotion marker"]);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect(await subscribe(asAdmin, weather)).toMatchObject({ ok: true });
  });

  it("is for admins only, validated, and never on oneself", async () => {
    const member = await newMember(suite.url);
    const other = await newMember(suite.url);
    expect((await api(suite.url, `/api/users/${other.id}`, { method: "PATCH", cookie: member.cookie, body: { role: "ADMIN" } })).status).toBe(403);
    expect((await api(suite.url, `/api/users/${other.id}`, { method: "PATCH", body: { role: "ADMIN" } })).status).toBe(401);
    const bad = await api(suite.url, `/api/users/${other.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "OWNER" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("role");
    expect((await api(suite.url, "/api/users/nobody", { method: "PATCH", cookie: suite.adminCookie, body: { role: "ADMIN" } })).status).toBe(404);
    const adminId = (await api(suite.url, "/api/auth/session", { cookie: suite.adminCookie })).body.user.id;
    expect((await api(suite.url, `/api/users/${adminId}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "MEMBER" } })).status).toBe(403);
    const users = await api<{ id: string; role: string }[]>(suite.url, "/api/users?limit=100", { cookie: suite.adminCookie });
    expect(users.body.find((user) => user.id === other.id)?.role).toBe("MEMBER");
  });
});
