import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as answers from "@/server/openapi/response-schemas";
import { api, newMember } from "../support/http";
import { setUpServerSuite } from "../support/suite";
import { bearer, createApiToken } from "../support/tokens";

const suite = setUpServerSuite();
const API_DIR = path.resolve(import.meta.dirname, "../../app/api");

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function fetchDocument(): Promise<OpenApiDocument> {
  const response = await api<OpenApiDocument>(suite.url, "/api/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return response.body;
}

/** Every route file under app/api with the HTTP methods it exports, as `METHOD /api/path/{param}`. */
function servedRoutes(): { file: string; route: string }[] {
  const found: { file: string; route: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const source = readFileSync(full, "utf8");
        const urlPath = `/api/${path.relative(API_DIR, dir).split(path.sep).join("/")}`.replace(/\/$/, "").replace(/\[(\.\.\.)?(\w+)\]/g, "{$1$2}");
        const methods = new Set(
          [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(?:\{([^}]*)\}|([A-Z]+)\b)/g)].flatMap(([, group, single]) =>
            (group ?? single ?? "").split(",").map((name) => name.trim()),
          ),
        );
        for (const method of methods) {
          if (["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].includes(method)) {
            found.push({ file: path.relative(API_DIR, full), route: `${method} ${urlPath}` });
          }
        }
      }
    }
  };
  walk(API_DIR);
  return found;
}

describe("GET /api/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await fetchDocument();
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists every method of every route file under app/api, and nothing no route serves", async () => {
    const documented = new Set(Object.entries((await fetchDocument()).paths).flatMap(([urlPath, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${urlPath}`)));
    const served = servedRoutes();
    // A sanity floor, so that a broken walk cannot pass for a complete one.
    expect(served.length).toBeGreaterThan(20);
    expect(served.map(({ route }) => route)).toEqual(expect.arrayContaining(["GET /api/auth/{...nextauth}", "POST /api/alerts/{id}/retract", "DELETE /api/{...path}"]));

    const undocumented: string[] = [];
    for (const { file, route } of served) {
      const [method, urlPath = ""] = route.split(" ");
      // The catch-all answers 404 for /api paths no route serves: there is nothing to call there.
      if (urlPath === "/api/{...path}") continue;
      // Auth.js's catch-all serves several fixed paths, each documented on its own.
      if (urlPath === "/api/auth/{...nextauth}") {
        if (![...documented].some((entry) => entry.startsWith(`${method} /api/auth/`))) undocumented.push(`${route} (${file})`);
        continue;
      }
      if (!documented.has(route)) undocumented.push(`${route} (${file})`);
    }
    expect(undocumented, "route methods the OpenAPI document leaves out (server/openapi/api-operations.ts)").toEqual([]);

    const servedSet = new Set(served.map(({ route }) => route));
    const unserved = [...documented].filter((entry) => {
      const [method] = entry.split(" ");
      return !servedSet.has(entry) && !(entry.includes(" /api/auth/") && servedSet.has(`${method} /api/auth/{...nextauth}`));
    });
    expect(unserved, "documented operations no route file serves").toEqual([]);
  });

  it("offers the publishing token on exactly the four routes the contract names", async () => {
    const { paths } = await fetchDocument();
    const withToken = Object.entries(paths).flatMap(([urlPath, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.security?.some((requirement) => "publishingToken" in requirement))
        .map(([method]) => `${method.toUpperCase()} ${urlPath}`),
    );
    expect(withToken.sort()).toEqual(["GET /api/alerts/{id}", "PATCH /api/alerts/{id}", "POST /api/alerts", "POST /api/alerts/{id}/retract"]);
    expect(Object.keys(paths["/api/alerts"]?.post?.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "401", "403", "413", "422", "429"]));
  });
});

describe("the schemas the document is made from", () => {
  // Each real answer parsed with the (strict) schema its operation documents: a field that an
  // answer gains without its documentation fails here.
  function conforms(schema: z.ZodType, response: { status: number; body: unknown }, status: number) {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    const parsed = schema.safeParse(response.body);
    expect(parsed.success ? [] : parsed.error.issues, JSON.stringify(response.body)).toEqual([]);
  }

  it("describe what the API really answers, successes and errors alike", async () => {
    const admin = { cookie: suite.adminCookie };
    const { secret, token } = await createApiToken(suite.url, suite.adminCookie, "openapi");
    const member = await newMember(suite.url);

    conforms(answers.healthSchema, await api(suite.url, "/api/health"), 200);
    const sent = await api(suite.url, "/api/alerts", { method: "POST", headers: { ...bearer(secret), "idempotency-key": "doc" }, body: { text: "Documented", color: "#123456", channels: [{ name: "visitors" }, { name: "members", resourceId: "weather" }] } });
    conforms(answers.sentAlertSchema, sent, 201);
    const id = (sent.body as { alert: { id: string } }).alert.id;
    conforms(answers.apiErrorSchema, await api(suite.url, "/api/alerts", { method: "POST", headers: { ...bearer(secret), "idempotency-key": "doc" }, body: { text: "Other", color: "#123456", channels: [{ name: "visitors" }] } }), 422);
    conforms(answers.alertListSchema, await api(suite.url, "/api/alerts?limit=5", admin), 200);
    conforms(answers.alertListSchema, await api(suite.url, "/api/alerts/active"), 200);
    conforms(answers.alertReportSchema, await api(suite.url, `/api/alerts/${id}`, admin), 200);
    conforms(answers.changedAlertSchema, await api(suite.url, `/api/alerts/${id}`, { method: "PATCH", ...admin, body: { text: "Documented, corrected" } }), 200);
    conforms(answers.changedAlertSchema, await api(suite.url, `/api/alerts/${id}/retract`, { method: "POST", ...admin, body: { reason: "test" } }), 200);
    conforms(answers.alertListSchema, await api(suite.url, "/api/alerts?limit=5"), 200);
    conforms(answers.audienceSchema, await api(suite.url, "/api/audience", admin), 200);

    const types = await api(suite.url, "/api/subscription-types");
    conforms(answers.subscriptionTypeListSchema, types, 200);
    const added = await api(suite.url, "/api/subscription-types", { method: "POST", ...admin, body: { type: `Doc ${Date.now()}` } });
    conforms(answers.subscriptionTypeSchema, added, 201);
    const typeId = (added.body as { id: string }).id;
    conforms(answers.subscriptionTypeSchema, await api(suite.url, `/api/subscription-types/${typeId}`, { method: "PATCH", ...admin, body: { type: `Doc renamed ${Date.now()}` } }), 200);
    conforms(answers.subscriptionsSchema, await api(suite.url, "/api/subscriptions", { cookie: member.cookie }), 200);
    conforms(answers.savedSubscriptionsSchema, await api(suite.url, "/api/subscriptions", { method: "PUT", cookie: member.cookie, body: { typeIds: [typeId] } }), 200);
    expect((await api(suite.url, `/api/subscription-types/${typeId}`, { method: "DELETE", ...admin })).status).toBe(204);

    conforms(answers.signedUpSchema, await api(suite.url, "/api/signup", { method: "POST", body: { name: "Doc", email: `doc-${Date.now()}@example.com`, password: "long enough" } }), 201);
    conforms(answers.userListSchema, await api(suite.url, "/api/users?limit=5", admin), 200);
    conforms(answers.changedUserSchema, await api(suite.url, `/api/users/${member.id}`, { method: "PATCH", ...admin, body: { role: "MEMBER" } }), 200);
    conforms(answers.auditPageSchema, await api(suite.url, "/api/audit?limit=5", admin), 200);
    conforms(answers.tokenListSchema, await api(suite.url, "/api/tokens", admin), 200);
    conforms(answers.createdTokenSchema, await api(suite.url, "/api/tokens", { method: "POST", ...admin, body: { name: `doc ${Date.now()}` } }), 201);
    expect((await api(suite.url, `/api/tokens/${token.id}`, { method: "DELETE", ...admin })).status).toBe(204);
    conforms(answers.openApiDocumentSchema, await api(suite.url, "/api/openapi.json"), 200);

    conforms(answers.csrfSchema, await api(suite.url, "/api/auth/csrf"), 200);
    conforms(answers.sessionSchema, await api(suite.url, "/api/auth/session", admin), 200);
    conforms(answers.sessionSchema, await api(suite.url, "/api/auth/session"), 200);
    conforms(answers.providersSchema, await api(suite.url, "/api/auth/providers"), 200);

    conforms(answers.apiErrorSchema, await api(suite.url, "/api/alerts", { method: "POST", ...admin, body: { text: "" } }), 400);
    conforms(answers.apiErrorSchema, await api(suite.url, "/api/alerts", { method: "POST", headers: bearer(secret), body: { text: "x", color: "#000000", channels: [{ name: "visitors" }] } }), 401);
    conforms(answers.apiErrorSchema, await api(suite.url, "/api/tokens", { cookie: member.cookie }), 403);
    conforms(answers.apiErrorSchema, await api(suite.url, "/api/alerts/nope", admin), 404);
    conforms(answers.apiErrorSchema, await api(suite.url, `/api/alerts/${id}/retract`, { method: "POST", ...admin }), 409);
    conforms(answers.apiErrorSchema, await api(suite.url, "/api/alerts", { method: "POST", ...admin, rawBody: "x".repeat(20_000) }), 413);
    conforms(answers.apiErrorSchema, await api(suite.url, "/api/no-such-route"), 404);
  });
});
