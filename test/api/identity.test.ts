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

  it("ends the session on the server: a copy of its cookie is refused over HTTP and by new sockets; the user's other sessions go on", async () => {
    const member = await newMember(suite.url);
    const otherDevice = (await signIn(suite.url, member.email, member.password))!;
    const copied = member.cookie;
    expect((await api(suite.url, "/api/subscriptions", { cookie: copied })).status).toBe(200);

    await signOut(suite.url, member.cookie);

    expect((await api(suite.url, "/api/subscriptions", { cookie: copied })).status).toBe(401);
    expect((await api(suite.url, "/api/auth/session", { cookie: copied })).body).toBeNull();
    expect(await subscribe(await socketFor(copied), weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect((await api(suite.url, "/api/subscriptions", { cookie: otherDevice })).status).toBe(200);
    expect(await subscribe(await socketFor(otherDevice), weather)).toMatchObject({ ok: true });
  });

  it("refuses a new socket with the signed-out cookie even though that cookie's decryption is still cached", async () => {
    // The socket server keeps what a cookie decrypted to for 10 s (session-token-cache.ts);
    // this cookie was just decrypted for the first socket, so the second one reads it from there.
    const member = await newMember(suite.url);
    const before = await socketFor(member.cookie);
    expect(await subscribe(before, weather)).toMatchObject({ ok: true });

    await signOut(suite.url, member.cookie);

    expect(await subscribe(await socketFor(member.cookie), weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });

  it("ends nothing when Auth.js refuses the sign-out (no CSRF token)", async () => {
    const member = await newMember(suite.url);
    const refused = await api(suite.url, "/api/auth/signout", { method: "POST", cookie: member.cookie, rawBody: "", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(refused.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token=;"))).toBe(false);
    expect((await api(suite.url, "/api/subscriptions", { cookie: member.cookie })).status).toBe(200);
  });
});

describe("role changes", () => {
  it("end every session of the user at once: the old cookie is refused over HTTP and on open sockets; a new sign-in has the new role", async () => {
    const member = await newMember(suite.url);
    const asMember = await socketFor(member.cookie);
    expect(await subscribe(asMember, weather)).toMatchObject({ ok: true });
    await subscribe(asMember, publicDesk);

    const promoted = await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "ADMIN" } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("ADMIN");
    expect((await api(suite.url, "/api/subscriptions", { cookie: member.cookie })).status).toBe(401);
    await publish("weather after the promotion", [weather]);
    await publish("promotion marker", [publicDesk]);
    expect(texts(await waitForMarker(asMember, "promotion marker"))).toEqual(["promotion marker"]);
    expect(await subscribe(asMember, weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });

    const adminCookie = (await signIn(suite.url, member.email, member.password))!;
    const asAdmin = await socketFor(adminCookie);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: true });
    await subscribe(asAdmin, publicDesk);
    const canSend = await api(suite.url, "/api/alerts", { method: "POST", cookie: adminCookie, body: { text: "from the new admin", color: "#000000", channels: [publicDesk] } });
    expect(canSend.status).toBe(201);

    const demoted = await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "MEMBER" } });
    expect(demoted.status).toBe(200);
    const cannotSend = await api(suite.url, "/api/alerts", { method: "POST", cookie: adminCookie, body: { text: "x", color: "#000000", channels: [publicDesk] } });
    expect(cannotSend.status).toBe(401);
    await publish("for admins only", [{ name: "admins" }]);
    await publish("demotion marker", [publicDesk]);
    expect(texts(await waitForMarker(asAdmin, "demotion marker"))).toEqual(["from the new admin", "demotion marker"]);
    expect(await subscribe(asAdmin, { name: "admins" })).toMatchObject({ ok: false, error: { errorCode: 2 } });

    const memberAgain = (await signIn(suite.url, member.email, member.password))!;
    expect((await api(suite.url, "/api/alerts", { method: "POST", cookie: memberAgain, body: { text: "x", color: "#000000", channels: [publicDesk] } })).status).toBe(403);
    expect((await api(suite.url, "/api/subscriptions", { cookie: memberAgain })).status).toBe(200);
  });

  it("take effect on a new socket with the old cookie even though that cookie's decryption is still cached", async () => {
    const member = await newMember(suite.url);
    expect((await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "ADMIN" } })).status).toBe(200);
    const adminCookie = (await signIn(suite.url, member.email, member.password))!;
    expect(await subscribe(await socketFor(adminCookie), { name: "admins" })).toMatchObject({ ok: true });

    expect((await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "MEMBER" } })).status).toBe(200);

    // Cached claims still name the session, but its version is read from the database: refused.
    expect(await subscribe(await socketFor(adminCookie), { name: "admins" })).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect(await subscribe(await socketFor(adminCookie), weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });

  it("is for admins only (listing accounts too), validated, and never on oneself", async () => {
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
    // Listing accounts too: 403 for a member, 401 for a visitor, with nothing of the list.
    const listedToMember = await api(suite.url, "/api/users?limit=100", { cookie: member.cookie });
    expect([listedToMember.status, listedToMember.body.error?.code]).toEqual([403, "forbidden"]);
    const listedToVisitor = await api(suite.url, "/api/users?limit=100");
    expect([listedToVisitor.status, listedToVisitor.body.error?.code]).toEqual([401, "unauthenticated"]);
    expect(JSON.stringify([listedToMember.body, listedToVisitor.body])).not.toContain(other.email);
    const users = await api<{ id: string; role: string }[]>(suite.url, "/api/users?limit=100", { cookie: suite.adminCookie });
    expect(users.body.find((user) => user.id === other.id)?.role).toBe("MEMBER");
  });
});
