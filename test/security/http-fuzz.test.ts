import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { alertInputSchema } from "@/lib/schemas/alert";
import { signupInputSchema } from "@/lib/schemas/account";
import { subscriptionsInputSchema, subscriptionTypeCreateSchema } from "@/lib/schemas/subscriptions";
import { roleChangeSchema } from "@/lib/schemas/users";
import { anyJson, badChannelPart, invalidFor, LEAKED_INTERNALS } from "../support/fuzz";
import { api, attemptSignIn, newMember, type ApiResponse } from "../support/http";
import { subscribe, waitForMarker, type TestSocket } from "../support/socket";
import { setUpServerSuite } from "../support/suite";

// Property-based fuzzing of the HTTP API with thousands of generated malformed requests: each
// is answered with a contract error (never a 500, never internals), the server stays healthy,
// nothing is stored and nothing reaches a listening socket. Limits are off here: this file is
// about input, test/security/limits.test.ts about rates.
const suite = setUpServerSuite({ env: { RATE_LIMITS: "off" } });

// The contract's codes and statuses (docs/DESIGN.md), written out here rather than imported
// from server/http/api-error.ts, so the test checks the server against the contract.
const STATUS_OF_CODE: Record<string, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
};

function expectContractError(response: ApiResponse, allowedCodes: string[]): void {
  const context = `${response.status} ${JSON.stringify(response.body)}`;
  expect(response.body, context).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  const { code, message } = (response.body as { error: { code: string; message: string } }).error;
  expect(allowedCodes, context).toContain(code);
  expect(response.status, context).toBe(STATUS_OF_CODE[code]);
  expect(message, context).not.toMatch(LEAKED_INTERNALS);
  if (code === "invalid_input") expect(Object.keys((response.body as { error: { fields: object } }).error.fields).length, context).toBeGreaterThan(0);
}

// --- generators ---------------------------------------------------------------------------

const validChannel = fc.record({ name: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/) }, { requiredKeys: ["name"] });
const validAlert = fc.record({
  text: fc.string({ minLength: 1, maxLength: 100 }).filter((text) => text.trim().length > 0),
  color: fc.stringMatching(/^#[0-9a-f]{6}$/),
  channels: fc.array(validChannel, { minLength: 1, maxLength: 3 }),
});
/** One change that breaks a valid object: a field wrong, missing, or one too many. */
function brokenBy<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, fieldBreakers: Record<string, fc.Arbitrary<unknown>>) {
  const keys = Object.keys(fieldBreakers);
  return fc.tuple(valid, fc.constantFrom(...keys), fc.constantFrom("replace", "remove", "extra"), fc.string({ maxLength: 12 }), anyJson).chain(
    ([object, key, how, extraKey, extraValue]) => {
      if (how === "remove") return fc.constant(omit(object, key));
      if (how === "extra") return fc.constant({ ...object, [`x${extraKey}`]: extraValue });
      return (fieldBreakers[key] as fc.Arbitrary<unknown>).map((value) => ({ ...object, [key]: value }));
    },
  );
}
function omit(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

const brokenAlert = brokenBy(validAlert, {
  text: fc.oneof(fc.constant("   "), fc.string({ minLength: 281, maxLength: 400 }).filter((text) => Array.from(text.trim()).length > 280), anyJson),
  color: fc.oneof(fc.string({ maxLength: 10 }), fc.stringMatching(/^#[0-9a-f]{3}$/), anyJson),
  channels: fc.oneof(
    fc.constant([]),
    fc.array(validChannel, { minLength: 21, maxLength: 25 }),
    fc.array(fc.record({ name: badChannelPart }), { minLength: 1, maxLength: 3 }),
    fc.array(fc.record({ name: fc.constant("visitors"), resourceId: badChannelPart }), { minLength: 1, maxLength: 2 }),
    fc.array(fc.record({ name: fc.constant("visitors"), extra: anyJson }), { minLength: 1, maxLength: 2 }),
    anyJson,
  ),
});

const notJson = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("{", "[1,", '{"text": }', "undefined", "NaN", "\u0000", "{}}", '{"__proto__": {"admin": true}'),
);

// --- the listening side: nothing may arrive -------------------------------------------------

let listeners: TestSocket[] = [];
let memberCookie = "";
let alertCountBefore = 0;
let usersBefore = 0;
let typesBefore = "";

async function alertCount(): Promise<number> {
  const archive = await api<unknown[]>(suite.url, "/api/alerts?limit=100", { cookie: suite.adminCookie });
  return archive.body.length;
}
async function userCount(): Promise<number> {
  return (await api<unknown[]>(suite.url, "/api/users?limit=100", { cookie: suite.adminCookie })).body.length;
}
async function typesSnapshot(): Promise<string> {
  return JSON.stringify((await api(suite.url, "/api/subscription-types")).body);
}

beforeAll(async () => {
  memberCookie = (await newMember(suite.url)).cookie;
  await suite.publish("before the fuzz", [{ name: "visitors" }]);
  alertCountBefore = await alertCount();
  usersBefore = await userCount();
  typesBefore = await typesSnapshot();
});

async function listen(): Promise<void> {
  // Opened per test (the suite closes sockets after each): a visitor and the admin, on the
  // public channel and on members' channels.
  const visitor = await suite.socketFor();
  const admin = await suite.socketFor(suite.adminCookie);
  expect((await subscribe(visitor, { name: "visitors" })).ok).toBe(true);
  for (const channel of [{ name: "visitors" }, { name: "members" }, { name: "members", resourceId: "weather" }]) {
    expect((await subscribe(admin, channel)).ok).toBe(true);
  }
  listeners = [visitor, admin];
}

/** Healthy, nothing stored, and a marker sent now is the only thing the listeners ever got. */
async function expectNothingChanged(): Promise<void> {
  expect((await api(suite.url, "/api/health")).status).toBe(200);
  expect(await alertCount()).toBe(alertCountBefore);
  expect(await userCount()).toBe(usersBefore);
  expect(await typesSnapshot()).toBe(typesBefore);
  const marker = `marker ${Date.now()}`;
  await suite.publish(marker, [{ name: "visitors" }, { name: "members" }, { name: "members", resourceId: "weather" }]);
  alertCountBefore += 1;
  for (const listener of listeners) {
    const received = await waitForMarker(listener, marker);
    expect(received.every((message) => (message.payload as { text: string }).text === marker)).toBe(true);
  }
}

const isNotDotSegment = (segment: string) => segment !== "." && segment !== "..";

const json = (method: string, path: string, body: unknown, cookie?: string) => api(suite.url, path, { method, body, cookie });
const raw = (method: string, path: string, rawBody: string, cookie?: string) =>
  api(suite.url, path, { method, rawBody, cookie, headers: { "content-type": "application/json" } });

describe("HTTP API under malformed input", () => {
  it("POST /api/alerts: any malformed alert from the admin is 400 invalid_input; nothing stored or sent", async () => {
    await listen();
    await fc.assert(
      fc.asyncProperty(invalidFor(alertInputSchema, brokenAlert), async (body) => {
        expectContractError(await json("POST", "/api/alerts", body, suite.adminCookie), ["invalid_input"]);
      }),
      { numRuns: 700 },
    );
    await fc.assert(
      fc.asyncProperty(notJson, async (body) => {
        expectContractError(await raw("POST", "/api/alerts", body, suite.adminCookie), ["invalid_input"]);
      }),
      { numRuns: 300 },
    );
    await expectNothingChanged();
  });

  it("the same bodies from a member or a visitor are refused before they are read", async () => {
    await listen();
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenAlert, validAlert), fc.boolean(), async (body, asMember) => {
        const response = await json("POST", "/api/alerts", body, asMember ? memberCookie : undefined);
        expectContractError(response, [asMember ? "forbidden" : "unauthenticated"]);
      }),
      { numRuns: 200 },
    );
    await expectNothingChanged();
  });

  it("POST /api/signup: malformed sign-ups are 400 and create no account (a role field included)", async () => {
    const nearMiss = brokenBy(
      fc.record({ name: fc.constant("Fuzz"), email: fc.emailAddress(), password: fc.string({ minLength: 8, maxLength: 30 }) }),
      {
        name: fc.oneof(fc.constant(" "), fc.string({ minLength: 81, maxLength: 100 }), anyJson),
        email: fc.oneof(fc.string({ maxLength: 30 }), anyJson),
        password: fc.oneof(fc.string({ maxLength: 7 }), fc.string({ minLength: 129, maxLength: 140 }), anyJson),
      },
    ).map((body) => (Math.random() < 0.2 ? { ...body, role: "ADMIN" } : body));
    await fc.assert(
      fc.asyncProperty(fc.oneof(invalidFor(signupInputSchema, nearMiss), notJson), async (body) => {
        const response = typeof body === "string" ? await raw("POST", "/api/signup", body) : await json("POST", "/api/signup", body);
        expectContractError(response, ["invalid_input"]);
      }),
      { numRuns: 500 },
    );
    await listen();
    await expectNothingChanged();
  });

  it("PUT /api/subscriptions and the admin's type and role routes: malformed bodies are 400 and change nothing", async () => {
    const before = await api(suite.url, "/api/subscriptions", { cookie: memberCookie });
    const types = (await api<{ id: string }[]>(suite.url, "/api/subscription-types")).body;
    const users = (await api<{ id: string }[]>(suite.url, "/api/users?limit=100", { cookie: suite.adminCookie })).body;
    const typeBreakers = { type: fc.oneof(fc.constant(""), fc.string({ minLength: 41, maxLength: 60 }).filter((s) => s.trim().length > 40), anyJson) };
    const routes = fc.oneof(
      invalidFor(subscriptionsInputSchema, fc.record({ typeIds: fc.oneof(fc.array(anyJson, { maxLength: 3 }), fc.array(fc.string(), { minLength: 101, maxLength: 110 }), anyJson) })).map(
        (body) => ({ method: "PUT", path: "/api/subscriptions", body, cookie: memberCookie }),
      ),
      invalidFor(subscriptionTypeCreateSchema, brokenBy(fc.record({ type: fc.constant("Fuzz type") }), { ...typeBreakers, resourceId: badChannelPart })).map((body) => ({
        method: "POST",
        path: "/api/subscription-types",
        body,
        cookie: suite.adminCookie,
      })),
      fc.tuple(fc.constantFrom(...types.map((type) => type.id)), invalidFor(subscriptionTypeCreateSchema.pick({ type: true }), brokenBy(fc.record({ type: fc.constant("Renamed") }), typeBreakers))).map(
        ([id, body]) => ({ method: "PATCH", path: `/api/subscription-types/${id}`, body, cookie: suite.adminCookie }),
      ),
      fc.tuple(fc.constantFrom(...users.map((user) => user.id)), invalidFor(roleChangeSchema, fc.record({ role: fc.oneof(fc.string(), anyJson) }))).map(([id, body]) => ({
        method: "PATCH",
        path: `/api/users/${id}`,
        body,
        cookie: suite.adminCookie,
      })),
    );
    await fc.assert(
      fc.asyncProperty(routes, async ({ method, path, body, cookie }) => {
        expectContractError(await json(method, path, body, cookie), ["invalid_input"]);
      }),
      { numRuns: 600 },
    );
    expect((await api(suite.url, "/api/subscriptions", { cookie: memberCookie })).body).toEqual(before.body);
    expect((await api<unknown[]>(suite.url, "/api/users?limit=100", { cookie: suite.adminCookie })).body).toEqual(users);
    await listen();
    await expectNothingChanged();
  });

  it("query strings and ids: 200 for a valid limit, otherwise 400 or 404, never a 500", async () => {
    // "." and ".." are dot-segments: the client's URL parser resolves them before sending.
    const segment = fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent).filter(isNotDotSegment);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)), async (limit) => {
        for (const path of ["/api/alerts", "/api/users"]) {
          const response = await api(suite.url, `${path}?limit=${encodeURIComponent(limit)}`, { cookie: suite.adminCookie });
          if (response.status !== 200) expectContractError(response, ["invalid_input"]);
        }
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(segment, async (id) => {
        expectContractError(await api(suite.url, `/api/alerts/${id}`, { cookie: suite.adminCookie }), ["not_found"]);
        expectContractError(await api(suite.url, `/api/subscription-types/${id}`, { method: "DELETE", cookie: suite.adminCookie }), ["not_found"]);
      }),
      { numRuns: 200 },
    );
    await listen();
    await expectNothingChanged();
  });

  it("paths no route claims: 404 not_found in the contract's shape, whatever the method", async () => {
    const path = fc.array(fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent).filter(isNotDotSegment), { minLength: 1, maxLength: 4 }).map((parts) => `/api/${parts.join("/")}`);
    const known = /^\/api\/(alerts|health|push|signup|subscription-types|subscriptions|users|auth)(\/|$)/;
    await fc.assert(
      fc.asyncProperty(path.filter((candidate) => !known.test(candidate)), fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), async (candidate, method) => {
        expectContractError(await api(suite.url, candidate, { method, body: method === "GET" ? undefined : {} }), ["not_found"]);
      }),
      { numRuns: 200 },
    );
  });

  it("the credentials sign-in: random fields never sign anyone in and never fail with a 500", async () => {
    const field = fc.oneof(fc.string({ maxLength: 80 }), fc.emailAddress(), fc.constantFrom("admin@example.com", "ADMIN@example.com ", "member@example.com"));
    await fc.assert(
      fc.asyncProperty(field, fc.string({ maxLength: 80 }).filter((password) => !["admin1234", "member1234"].includes(password)), async (email, password) => {
        const attempt = await attemptSignIn(suite.url, email, password);
        expect(attempt.cookie).toBeNull();
        expect(attempt.status, attempt.body).toBe(302);
        expect(attempt.location).toMatch(/error=/);
      }),
      { numRuns: 300 },
    );
    expect((await api(suite.url, "/api/health")).status).toBe(200);
  });
});
