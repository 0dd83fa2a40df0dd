import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, demoAdmin, newMember, signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

type TypeView = { id: string; type: string; channelName: string; channelResource: string };

let server: TestServer;
let adminCookie: string;
let types: TypeView[];

beforeAll(async () => {
  server = await startTestServer();
  adminCookie = (await signIn(server.url, demoAdmin.email, demoAdmin.password))!;
  types = (await api<TypeView[]>(server.url, "/api/subscription-types")).body;
});

afterAll(async () => {
  await server?.stop();
});

const typeId = (name: string) => types.find((type) => type.type === name)!.id;

describe("GET /api/subscription-types", () => {
  it("lists the seeded types, the tutorial's first, all resources of the members channel", () => {
    expect(types.slice(0, 3).map((type) => type.type)).toEqual(["Weather", "Politics", "Regional"]);
    expect(types.length).toBeGreaterThan(3);
    for (const type of types) {
      expect(type).toEqual({ id: expect.any(String), type: expect.any(String), channelName: "members", channelResource: expect.stringMatching(/^[a-z0-9_-]+$/) });
    }
  });
});

describe("GET and PUT /api/subscriptions", () => {
  it("starts empty, saves a choice, reports what was added and removed, and keeps it", async () => {
    const member = await newMember(server.url);
    expect((await api(server.url, "/api/subscriptions", { cookie: member.cookie })).body).toEqual({ typeIds: [] });

    const first = await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: [typeId("Weather"), typeId("Politics")] } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ typeIds: [typeId("Weather"), typeId("Politics")], added: [typeId("Weather"), typeId("Politics")], removed: [] });

    const second = await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: [typeId("Politics"), typeId("Regional")] } });
    expect(second.body).toEqual({ typeIds: [typeId("Politics"), typeId("Regional")], added: [typeId("Regional")], removed: [typeId("Weather")] });

    // A new sign-in (another device) sees the same choice.
    const again = await signIn(server.url, member.email, member.password);
    const stored = await api(server.url, "/api/subscriptions", { cookie: again! });
    expect([...stored.body.typeIds].sort()).toEqual([typeId("Politics"), typeId("Regional")].sort());
  });

  it("is for signed-in readers only", async () => {
    expect((await api(server.url, "/api/subscriptions")).status).toBe(401);
    const put = await api(server.url, "/api/subscriptions", { method: "PUT", body: { typeIds: [] } });
    expect(put.status).toBe(401);
    expect(put.body.error.code).toBe("unauthenticated");
  });

  const bad: [string, unknown][] = [
    ["an unknown type id", { typeIds: ["no-such-type"] }],
    ["typeIds not a list", { typeIds: "weather" }],
    ["a non-string id", { typeIds: [1] }],
    ["no typeIds", {}],
    ["an unknown field", { typeIds: [], extra: 1 }],
  ];
  it.each(bad)("answers 400 invalid_input for %s and keeps the saved choice", async (_name, body) => {
    const member = await newMember(server.url);
    await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: [typeId("Weather")] } });
    const response = await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
    expect((await api(server.url, "/api/subscriptions", { cookie: member.cookie })).body).toEqual({ typeIds: [typeId("Weather")] });
  });
});

describe("managing subscription types (admins)", () => {
  it("adds, renames and removes a type; a removed type leaves members' choices", async () => {
    const added = await api<TypeView>(server.url, "/api/subscription-types", { method: "POST", cookie: adminCookie, body: { type: "Local Sport" } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), type: "Local Sport", channelName: "members", channelResource: "local-sport" });

    const duplicate = await api(server.url, "/api/subscription-types", { method: "POST", cookie: adminCookie, body: { type: "Local sport" } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("conflict");

    const member = await newMember(server.url);
    await api(server.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: [added.body.id, typeId("Weather")] } });

    const renamed = await api(server.url, `/api/subscription-types/${added.body.id}`, { method: "PATCH", cookie: adminCookie, body: { type: "Sport near you" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: added.body.id, type: "Sport near you", channelResource: "local-sport" });

    const removed = await api(server.url, `/api/subscription-types/${added.body.id}`, { method: "DELETE", cookie: adminCookie });
    expect(removed.status).toBe(204);
    const listed = (await api<TypeView[]>(server.url, "/api/subscription-types")).body;
    expect(listed.map((type) => type.id)).not.toContain(added.body.id);
    expect((await api(server.url, "/api/subscriptions", { cookie: member.cookie })).body).toEqual({ typeIds: [typeId("Weather")] });
  });

  it("is refused to members (403) and visitors (401), and validates input", async () => {
    const member = await newMember(server.url);
    expect((await api(server.url, "/api/subscription-types", { method: "POST", cookie: member.cookie, body: { type: "Nope" } })).status).toBe(403);
    expect((await api(server.url, "/api/subscription-types", { method: "POST", body: { type: "Nope" } })).status).toBe(401);
    // Renaming and removing a type: 403 for a member, 401 for a visitor, and the type unchanged.
    const weather = `/api/subscription-types/${typeId("Weather")}`;
    for (const [who, cookie, status, code] of [
      ["member", member.cookie, 403, "forbidden"],
      ["visitor", undefined, 401, "unauthenticated"],
    ] as const) {
      const renamed = await api(server.url, weather, { method: "PATCH", cookie, body: { type: `Renamed by a ${who}` } });
      expect([renamed.status, renamed.body.error?.code], `PATCH by a ${who}`).toEqual([status, code]);
      const removed = await api(server.url, weather, { method: "DELETE", cookie });
      expect([removed.status, removed.body?.error?.code], `DELETE by a ${who}`).toEqual([status, code]);
    }
    const weatherNow = (await api<TypeView[]>(server.url, "/api/subscription-types")).body.find((type) => type.id === typeId("Weather"));
    expect(weatherNow?.type).toBe("Weather");
    const empty = await api(server.url, "/api/subscription-types", { method: "POST", cookie: adminCookie, body: { type: "  " } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toHaveProperty("type");
    expect((await api(server.url, "/api/subscription-types/nope", { method: "PATCH", cookie: adminCookie, body: { type: "X" } })).status).toBe(404);
    expect((await api(server.url, "/api/subscription-types/nope", { method: "DELETE", cookie: adminCookie })).status).toBe(404);
    const names = (await api<TypeView[]>(server.url, "/api/subscription-types")).body.map((type) => type.type);
    expect(names).not.toContain("Nope");
  });
});
