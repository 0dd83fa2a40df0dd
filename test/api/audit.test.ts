import { describe, expect, it } from "vitest";
import { api, newMember, promoteToAdmin } from "../support/http";
import { setUpServerSuite } from "../support/suite";

const suite = setUpServerSuite();

type AuditEvent = {
  id: string;
  at: string;
  actor: { id: string | null; email: string };
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
};
type AuditPage = { events: AuditEvent[]; nextCursor: string | null };

async function auditLog(query = "?limit=100"): Promise<AuditPage> {
  const response = await api<AuditPage>(suite.url, `/api/audit${query}`, { cookie: suite.adminCookie });
  expect(response.status).toBe(200);
  return response.body;
}

async function newestEvent(): Promise<AuditEvent | undefined> {
  return (await auditLog("?limit=1")).events[0];
}

/** A member promoted by the demo admin, signed in: actions below are theirs, not the demo admin's. */
const newAdmin = async () => promoteToAdmin(suite.url, suite.adminCookie, await newMember(suite.url));

const uniqueName = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

describe("audit log", () => {
  it("records an alert sent, with who sent it, when, and the request that did it", async () => {
    const admin = await newAdmin();
    const before = Date.now();
    const sent = await api(suite.url, "/api/alerts", {
      method: "POST",
      cookie: admin.cookie,
      body: { text: "Bridge closed", color: "#aa0000", channels: [{ name: "visitors" }] },
    });
    expect(sent.status).toBe(201);

    const event = await newestEvent();
    expect(event).toMatchObject({
      action: "alert.sent",
      actor: { id: admin.id, email: admin.email },
      target: sent.body.alert.id,
      details: { text: "Bridge closed", color: "#aa0000", channels: [{ name: "visitors" }] },
      requestId: sent.headers.get("x-request-id"),
    });
    expect(new Date(event!.at).getTime()).toBeGreaterThanOrEqual(before - 1_000);
  });

  it("records a subscription type added, renamed and removed, each by its actor", async () => {
    const admin = await newAdmin();
    const name = uniqueName("Traffic");
    const added = await api(suite.url, "/api/subscription-types", { method: "POST", cookie: admin.cookie, body: { type: name } });
    expect(added.status).toBe(201);
    expect(await newestEvent()).toMatchObject({
      action: "subscription_type.added",
      actor: { id: admin.id, email: admin.email },
      target: added.body.id,
      details: { type: name, channel: `members:${added.body.channelResource}` },
    });

    const renamed = await api(suite.url, `/api/subscription-types/${added.body.id}`, { method: "PATCH", cookie: suite.adminCookie, body: { type: `${name} (roads)` } });
    expect(renamed.status).toBe(200);
    expect(await newestEvent()).toMatchObject({
      action: "subscription_type.renamed",
      actor: { email: "admin@example.com" },
      target: added.body.id,
      details: { from: name, to: `${name} (roads)` },
    });

    const removed = await api(suite.url, `/api/subscription-types/${added.body.id}`, { method: "DELETE", cookie: admin.cookie });
    expect(removed.status).toBe(204);
    expect(await newestEvent()).toMatchObject({
      action: "subscription_type.removed",
      actor: { id: admin.id },
      target: added.body.id,
      details: { type: `${name} (roads)` },
    });
  });

  it("records a role change with the old and new role, and nothing when the role stays", async () => {
    const admin = await newAdmin();
    const member = await newMember(suite.url);
    const promoted = await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: admin.cookie, body: { role: "ADMIN" } });
    expect(promoted.status).toBe(200);
    const event = await newestEvent();
    expect(event).toMatchObject({
      action: "user.role_changed",
      actor: { id: admin.id, email: admin.email },
      target: member.id,
      details: { email: member.email, from: "MEMBER", to: "ADMIN" },
    });

    const again = await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", cookie: admin.cookie, body: { role: "ADMIN" } });
    expect(again.status).toBe(200);
    expect((await newestEvent())?.id).toBe(event!.id);
  });

  it("records nothing for a refused or failed action", async () => {
    const member = await newMember(suite.url);
    const newest = (await newestEvent())?.id;

    const attempts = [
      api(suite.url, "/api/alerts", { method: "POST", cookie: member.cookie, body: { text: "x", color: "#000000", channels: [{ name: "visitors" }] } }),
      api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: { text: "", color: "#000000", channels: [{ name: "visitors" }] } }),
      api(suite.url, "/api/subscription-types", { method: "POST", cookie: suite.adminCookie, body: { type: "Weather", resourceId: "weather" } }),
      api(suite.url, "/api/subscription-types/no-such-type", { method: "PATCH", cookie: suite.adminCookie, body: { type: "Nope" } }),
      api(suite.url, "/api/subscription-types/no-such-type", { method: "DELETE", cookie: suite.adminCookie }),
      api(suite.url, "/api/users/no-such-user", { method: "PATCH", cookie: suite.adminCookie, body: { role: "ADMIN" } }),
    ];
    expect((await Promise.all(attempts)).map((response) => response.status)).toEqual([403, 400, 409, 404, 404, 404]);
    expect((await newestEvent())?.id).toBe(newest);
  });

  it("is for admins only: 401 for visitors, 403 for members", async () => {
    const member = await newMember(suite.url);
    const asVisitor = await api(suite.url, "/api/audit");
    const asMember = await api(suite.url, "/api/audit", { cookie: member.cookie });
    expect(asVisitor.status).toBe(401);
    expect(asVisitor.body.error.code).toBe("unauthenticated");
    expect(asMember.status).toBe(403);
    expect(asMember.body.error.code).toBe("forbidden");
  });

  it("pages newest first with limit and cursor, and refuses a bad query", async () => {
    const texts = ["first", "second", "third"].map((word) => uniqueName(word));
    for (const text of texts) {
      await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: { text, color: "#000000", channels: [{ name: "visitors" }] } });
    }
    const firstPage = await auditLog("?limit=2");
    expect(firstPage.events.map((event) => event.details.text)).toEqual([texts[2], texts[1]]);
    expect(firstPage.nextCursor).toBe(firstPage.events[1]!.id);

    const secondPage = await auditLog(`?limit=2&cursor=${firstPage.nextCursor}`);
    expect(secondPage.events[0]?.details.text).toBe(texts[0]);
    expect(secondPage.events.map((event) => event.id)).not.toContain(firstPage.events[1]!.id);

    for (const query of ["?limit=0", "?limit=101", "?cursor=no-such-event", "?order=asc"]) {
      const response = await api(suite.url, `/api/audit${query}`, { cookie: suite.adminCookie });
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe("invalid_input");
    }
  });
});
