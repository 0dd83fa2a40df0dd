import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, newMember, promoteToAdmin } from "../support/http";
import { subscribe, waitForMessages } from "../support/socket";
import { setUpServerSuite } from "../support/suite";
import { bearer, createApiToken, rawRequest, type CreatedTokenBody } from "../support/tokens";

// A small alert allowance, so the per-token limit is seen; no token below spends more than 3
// of its own outside the limit test.
const ALERTS_PER_MINUTE = 6;
const suite = setUpServerSuite({ env: { RATE_LIMIT_SIZES: `alertsPerAdmin=${ALERTS_PER_MINUTE}/60` } });
const EVIL = "https://evil.example";

type TokenListItem = { id: string; name: string; createdAt: string; lastUsedAt: string | null };
type AuditEvent = { actor: { id: string | null; email: string }; action: string; target: string | null; details: Record<string, unknown> };

const uniqueChannel = () => ({ name: `wire-${Math.random().toString(36).slice(2, 10)}` });
const alertBody = (text: string, channels = [{ name: "visitors" }]) => ({ text, color: "#0044aa", channels });

async function listTokens(): Promise<TokenListItem[]> {
  const response = await api<TokenListItem[]>(suite.url, "/api/tokens", { cookie: suite.adminCookie });
  expect(response.status).toBe(200);
  return response.body;
}

async function auditEvents(): Promise<AuditEvent[]> {
  const response = await api<{ events: AuditEvent[] }>(suite.url, "/api/audit?limit=100", { cookie: suite.adminCookie });
  expect(response.status).toBe(200);
  return response.body.events;
}

async function adminId(): Promise<string> {
  const session = await api<{ user: { id: string } }>(suite.url, "/api/auth/session", { cookie: suite.adminCookie });
  return session.body.user.id;
}

/** Every route a token may use, each as a request with no cookie (the alert is made first). */
async function tokenRoutes(secret: string, alertId: string) {
  return {
    send: () => api(suite.url, "/api/alerts", { method: "POST", headers: bearer(secret), body: alertBody("via a token") }),
    report: () => api(suite.url, `/api/alerts/${alertId}`, { headers: bearer(secret) }),
    correct: () => api(suite.url, `/api/alerts/${alertId}`, { method: "PATCH", headers: bearer(secret), body: { text: "corrected via a token" } }),
    retract: () => api(suite.url, `/api/alerts/${alertId}/retract`, { method: "POST", headers: bearer(secret), body: { reason: "test" } }),
  };
}

describe("publishing tokens", () => {
  it("are created by an admin, show their secret once, and are listed without it", async () => {
    const created = await api<CreatedTokenBody>(suite.url, "/api/tokens", { method: "POST", cookie: suite.adminCookie, body: { name: "  Wire feed one  " } });

    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toContain("no-store");
    expect(created.body).toEqual({ token: { id: expect.any(String), name: "Wire feed one", createdAt: expect.any(String) }, secret: expect.any(String) });
    expect(created.body.secret).toMatch(/^nf_[A-Za-z0-9_-]{43}$/);

    const list = await api(suite.url, "/api/tokens", { cookie: suite.adminCookie });
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({ id: created.body.token.id, name: "Wire feed one", createdAt: created.body.token.createdAt, lastUsedAt: null });
    // Never again: neither the secret nor its hash is in any answer about tokens.
    const hash = createHash("sha256").update(created.body.secret).digest("hex");
    const everything = JSON.stringify([list.body, await auditEvents()]);
    expect(everything).not.toContain(created.body.secret);
    expect(everything).not.toContain(hash);
    for (const item of list.body as object[]) expect(Object.keys(item).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name"]);

    const twin = await api(suite.url, "/api/tokens", { method: "POST", cookie: suite.adminCookie, body: { name: "Wire feed one" } });
    expect(twin.status).toBe(409);
    expect(twin.body.error.code).toBe("conflict");
  });

  it("work without a cookie on every route the contract lists, acting for the admin who made them, audited with the token's name", async () => {
    const { token, secret } = await createApiToken(suite.url, suite.adminCookie, "CMS");
    const channel = uniqueChannel();
    const reader = await suite.socketFor();
    await subscribe(reader, channel);

    const sent = await api(suite.url, "/api/alerts", { method: "POST", headers: bearer(secret), body: alertBody("Sent by the CMS", [channel]) });
    expect(sent.status).toBe(201);
    expect(sent.body.deliveries).toEqual([{ channel, recipients: 1 }]);
    const alertId: string = sent.body.alert.id;
    const routes = await tokenRoutes(secret, alertId);

    const report = await routes.report();
    expect(report.status).toBe(200);
    expect(report.body.alert).toMatchObject({ id: alertId, text: "Sent by the CMS" });
    const corrected = await routes.correct();
    expect(corrected.status).toBe(200);
    expect(corrected.body.alert).toMatchObject({ id: alertId, text: "corrected via a token", revision: 2 });
    const retracted = await routes.retract();
    expect(retracted.status).toBe(200);
    expect(retracted.body.alert).toMatchObject({ id: alertId, status: "retracted", reason: "test" });
    const kinds = (await waitForMessages(reader, (messages) => messages.length === 3)).map((message) => (message.payload as { kind: string }).kind);
    expect(kinds).toEqual(["sent", "corrected", "retracted"]);

    // Audited: the creating admin is the actor, shown as the token.
    const events = await auditEvents();
    const actor = { id: await adminId(), email: `token:${token.name}` };
    for (const action of ["alert.sent", "alert.corrected", "alert.retracted"]) {
      expect(events.find((event) => event.action === action && event.target === alertId)?.actor, action).toEqual(actor);
    }
    expect(events.find((event) => event.action === "token.created" && event.target === token.id)).toMatchObject({
      actor: { id: actor.id, email: "admin@example.com" },
      details: { name: token.name },
    });
    const listed = (await listTokens()).find((item) => item.id === token.id);
    expect(Date.parse(listed?.lastUsedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(token.createdAt));
  });

  it("stop working once revoked (401 on every route), and revoking is audited; an unknown id is 404", async () => {
    const { token, secret } = await createApiToken(suite.url, suite.adminCookie, "to revoke");
    const sent = await api(suite.url, "/api/alerts", { method: "POST", headers: bearer(secret), body: alertBody("before revoking") });
    expect(sent.status).toBe(201);

    const revoked = await api(suite.url, `/api/tokens/${token.id}`, { method: "DELETE", cookie: suite.adminCookie });
    expect(revoked.status).toBe(204);

    const routes = await tokenRoutes(secret, sent.body.alert.id);
    for (const [name, call] of Object.entries(routes)) {
      const response = await call();
      expect(response.status, name).toBe(401);
      expect(response.body.error.code, name).toBe("unauthenticated");
    }
    expect((await listTokens()).map((item) => item.id)).not.toContain(token.id);
    expect((await auditEvents()).find((event) => event.action === "token.revoked" && event.target === token.id)).toMatchObject({
      actor: { email: "admin@example.com" },
      details: { name: token.name },
    });
    const again = await api(suite.url, `/api/tokens/${token.id}`, { method: "DELETE", cookie: suite.adminCookie });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("not_found");
  });

  it("are managed by signed-in admins only: visitors 401, members 403, and a token can't make, list or revoke tokens", async () => {
    const { token, secret } = await createApiToken(suite.url, suite.adminCookie, "not a manager");
    const member = await newMember(suite.url);
    const before = await listTokens();
    const attempts = (credentials: { cookie?: string; headers?: Record<string, string> }) => [
      api(suite.url, "/api/tokens", { method: "POST", body: { name: "sneaky" }, ...credentials }),
      api(suite.url, "/api/tokens", credentials),
      api(suite.url, `/api/tokens/${token.id}`, { method: "DELETE", ...credentials }),
    ];

    for (const response of await Promise.all(attempts({}))) expect([response.status, response.body.error.code]).toEqual([401, "unauthenticated"]);
    for (const response of await Promise.all(attempts({ cookie: member.cookie }))) expect([response.status, response.body.error.code]).toEqual([403, "forbidden"]);
    for (const response of await Promise.all(attempts({ headers: bearer(secret) }))) expect([response.status, response.body.error.code]).toEqual([401, "unauthenticated"]);
    expect(await listTokens()).toEqual(before);
  });

  it("refuse bad names with 400", async () => {
    for (const name of ["", "   ", "x".repeat(61), "line\nbreak", 42]) {
      const response = await api(suite.url, "/api/tokens", { method: "POST", cookie: suite.adminCookie, body: { name } });
      expect(response.status, JSON.stringify(name)).toBe(400);
      expect(Object.keys(response.body.error.fields)).toContain("name");
    }
  });

  it("stop working when the admin who made them is an admin no longer (403)", async () => {
    const person = await promoteToAdmin(suite.url, suite.adminCookie, await newMember(suite.url));
    const { secret } = await createApiToken(suite.url, person.cookie, "short-lived admin");
    expect((await api(suite.url, "/api/alerts", { method: "POST", headers: bearer(secret), body: alertBody("while an admin") })).status).toBe(201);

    expect((await api(suite.url, `/api/users/${person.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { role: "MEMBER" } })).status).toBe(200);
    const after = await api(suite.url, "/api/alerts", { method: "POST", headers: bearer(secret), body: alertBody("after the demotion") });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe("forbidden");
  });

  it("are rate-limited per token, apart from other tokens and from sessions", async () => {
    const { secret } = await createApiToken(suite.url, suite.adminCookie, "busy");
    const other = await createApiToken(suite.url, suite.adminCookie, "quiet");
    const send = (headers: Record<string, string>) => api(suite.url, "/api/alerts", { method: "POST", headers, body: alertBody("limit test") });
    for (let i = 0; i < ALERTS_PER_MINUTE; i++) expect((await send(bearer(secret))).status).toBe(201);

    const refused = await send(bearer(secret));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await send(bearer(other.secret))).status).toBe(201);
    expect((await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: alertBody("the admin's own allowance") })).status).toBe(201);
  });
});

describe("publishing tokens under attack", () => {
  it("answer 401 to anything but a live token in the Authorization header, without falling back to a cookie", async () => {
    const { secret } = await createApiToken(suite.url, suite.adminCookie, "attacked");
    const wrongByOne = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    const before = await api(suite.url, "/api/alerts?limit=100");
    const attempts: [string, Record<string, string>][] = [
      ["a guessed token", bearer(`nf_${"A".repeat(43)}`)],
      ["a token one character off", bearer(wrongByOne)],
      ["the token without its prefix", bearer(secret.slice(3))],
      ["the token twice", bearer(`${secret} ${secret}`)],
      ["an empty Bearer", { authorization: "Bearer " }],
      ["Basic credentials", { authorization: `Basic ${Buffer.from("admin@example.com:admin1234").toString("base64")}` }],
      ["the secret with no scheme", { authorization: secret }],
      ["a huge header", bearer(`nf_${"a".repeat(8_000)}`)],
    ];
    for (const [name, headers] of attempts) {
      const response = await api(suite.url, "/api/alerts", { method: "POST", headers, body: alertBody(name) });
      expect(response.status, name).toBe(401);
      expect(response.body.error.code, name).toBe("unauthenticated");
    }
    // A bad token next to a good admin cookie: the explicit credential decides.
    const mixed = await api(suite.url, "/api/alerts", { method: "POST", headers: bearer(wrongByOne), cookie: suite.adminCookie, body: alertBody("mixed") });
    expect(mixed.status).toBe(401);
    // In the query string (where it would end up in logs) a token is not read at all.
    for (const parameter of ["access_token", "token", "authorization"]) {
      const response = await api(suite.url, `/api/alerts?${parameter}=${secret}`, { method: "POST", body: alertBody("query string") });
      expect(response.status, parameter).toBe(401);
    }
    expect((await api(suite.url, "/api/alerts?limit=100")).body).toEqual(before.body);
  });

  it("refuse an Authorization header sent twice (400), whichever of the two is good", async () => {
    const { secret } = await createApiToken(suite.url, suite.adminCookie, "doubled");
    for (const pair of [
      [secret, `nf_${"B".repeat(43)}`],
      [`nf_${"B".repeat(43)}`, secret],
    ]) {
      const response = await rawRequest(suite.url, "/api/alerts", {
        method: "POST",
        headers: pair.map((value): [string, string] => ["Authorization", `Bearer ${value}`]),
        body: JSON.stringify(alertBody("doubled")),
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("invalid_input");
    }
  });

  it("are exempt from the Origin check only when no cookie rides along", async () => {
    const { secret } = await createApiToken(suite.url, suite.adminCookie, "cross-origin");
    const crossSite = { origin: EVIL, "sec-fetch-site": "cross-site" };

    const tokenOnly = await api(suite.url, "/api/alerts", { method: "POST", headers: { ...crossSite, ...bearer(secret) }, body: alertBody("from a server elsewhere") });
    expect(tokenOnly.status).toBe(201);

    for (const cookie of [suite.adminCookie, "unrelated=1"]) {
      const withCookie = await api(suite.url, "/api/alerts", { method: "POST", cookie, headers: { ...crossSite, ...bearer(secret) }, body: alertBody("from a page elsewhere") });
      expect(withCookie.status, cookie).toBe(403);
      expect(withCookie.body.error.code).toBe("forbidden");
    }
    // And a Bearer header buys nothing on a session route: no session, 401.
    const sessionRoute = await api(suite.url, "/api/subscription-types", { method: "POST", headers: { ...crossSite, ...bearer(secret) }, body: { type: "Sneaky" } });
    expect(sessionRoute.status).toBe(401);
  });
});
