import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/schemas/idempotency";
import { API_ERROR_STATUS, type ApiErrorCode } from "@/server/http/api-error";
import { MAX_JSON_BODY_BYTES } from "@/server/http/read-json";
import packageJson from "@/package.json";
import { API_OPERATIONS, type Access, type ApiOperation } from "./api-operations";
import { apiErrorSchema } from "./response-schemas";

type JsonObject = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the HTTP API (GET /api/openapi.json), generated from the zod
 * schemas that validate the requests (lib/schemas/) and those that describe the answers
 * (response-schemas.ts), with zod 4's own JSON Schema output (draft 2020-12, the dialect of
 * OpenAPI 3.1). Built once per process.
 */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of API_OPERATIONS) {
    (paths[operation.path] ??= {})[operation.method] = toOperationObject(operation);
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Newsflash HTTP API",
      version: packageJson.version,
      description: [
        "Breaking-news alerts over realtime channels. JSON in and out; every error is `{ error: { code, message, ... } }`.",
        "Browsers use the session cookie Auth.js sets at sign-in. Newsroom systems use a publishing token (`Authorization: Bearer nf_...`), which admins create on /admin.",
        `Request bodies are at most ${MAX_JSON_BODY_BYTES} bytes. A POST, PUT, PATCH or DELETE whose Origin (or Referer) is another site is refused with 403, unless it carries a token and no cookie. An /api path no route serves answers 404 \`not_found\`.`,
        "Realtime delivery is Socket.IO at /socket.io (see docs/DESIGN.md).",
      ].join("\n\n"),
    },
    servers: [{ url: "/" }],
    tags: [...new Set(API_OPERATIONS.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "The Auth.js session cookie set by POST /api/auth/callback/credentials (`__Secure-authjs.session-token` behind https).",
        },
        publishingToken: {
          type: "http",
          scheme: "bearer",
          description: "A publishing token (`nf_` and 43 base64url characters) from POST /api/tokens. Only in the Authorization header, never in the URL.",
        },
      },
      schemas: { Error: jsonSchema(apiErrorSchema, "output") },
      responses: Object.fromEntries((Object.keys(API_ERROR_STATUS) as ApiErrorCode[]).map((code) => [responseName(code), errorResponse(code)])),
    },
  };
}

function toOperationObject(operation: ApiOperation): JsonObject {
  const parameters = [...pathParameters(operation.path), ...queryParameters(operation.query)];
  if (operation.hasIdempotencyKey) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "1 to 255 printable ASCII characters, e.g. a UUID per alert. The same key from the same sender within 24 hours answers the first answer again.",
      schema: jsonSchema(idempotencyKeySchema, "input"),
    });
  }
  const success: JsonObject = { description: operation.success.description };
  if (operation.success.schema) success.content = { "application/json": { schema: jsonSchema(operation.success.schema, "output") } };
  const errors = errorCodesOf(operation);
  return {
    operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next?: string) => (next ?? "").toUpperCase())}`,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...securityOf(operation.access),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body ? { requestBody: requestBodyOf(operation.body) } : {}),
    responses: {
      [String(operation.success.status)]: success,
      ...Object.fromEntries(errors.map((code) => [String(API_ERROR_STATUS[code]), { $ref: `#/components/responses/${responseName(code)}` }])),
    },
  };
}

/** The errors an operation can answer: those of its kind, and its own. */
function errorCodesOf(operation: ApiOperation): ApiErrorCode[] {
  const codes = new Set<ApiErrorCode>(operation.errors);
  if (operation.method !== "get") codes.add("forbidden"); // the Origin check
  if (operation.body) codes.add("payload_too_large");
  if ((operation.body && !operation.body.isForm) || operation.query || operation.hasIdempotencyKey) codes.add("invalid_input");
  if (operation.access === "member" || operation.access === "admin" || operation.access === "publisher") codes.add("unauthenticated");
  if (operation.access === "admin" || operation.access === "publisher") codes.add("forbidden");
  codes.add("internal");
  return [...codes].sort((a, b) => API_ERROR_STATUS[a] - API_ERROR_STATUS[b]);
}

function securityOf(access: Access): JsonObject {
  switch (access) {
    case "anyone":
      return {};
    case "reader":
      return { security: [{}, { session: [] }] };
    case "member":
    case "admin":
      return { security: [{ session: [] }] };
    case "publisher":
      return { security: [{ session: [] }, { publishingToken: [] }] };
  }
}

function requestBodyOf(body: NonNullable<ApiOperation["body"]>): JsonObject {
  const mediaType = body.isForm ? "application/x-www-form-urlencoded" : "application/json";
  return { required: !body.isOptional, content: { [mediaType]: { schema: jsonSchema(body.schema, "input") } } };
}

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string", minLength: 1 } }));
}

function queryParameters(query: z.ZodObject | undefined): JsonObject[] {
  if (!query) return [];
  const schema = jsonSchema(query, "input") as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function errorResponse(code: ApiErrorCode): JsonObject {
  const response: JsonObject = {
    description: ERROR_MEANINGS[code],
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
  if (code === "rate_limited") {
    response.headers = { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 1 } } };
  }
  return response;
}

const ERROR_MEANINGS: Record<ApiErrorCode, string> = {
  invalid_input: "`invalid_input`: the body, query or a header is not valid; `fields` says which and why. Nothing was done.",
  unauthenticated: "`unauthenticated`: no session, or an unknown or revoked token.",
  forbidden: "`forbidden`: not allowed for this caller (role, or a token whose admin is an admin no longer), or a state change from another site (Origin check).",
  not_found: "`not_found`: nothing with that id.",
  conflict: "`conflict`: it exists already, or the alert was retracted.",
  idempotency_mismatch: "`idempotency_mismatch`: this Idempotency-Key was used with a different body within 24 hours. Nothing was sent.",
  payload_too_large: "`payload_too_large`: the body is over the limit (`limit`, in bytes).",
  rate_limited: "`rate_limited`: too many; wait `Retry-After` seconds.",
  internal: "`internal`: something failed on the server; the details are in its log.",
  unavailable: "`unavailable`: the database does not answer.",
};

function responseName(code: ApiErrorCode): string {
  return code.replace(/(^|_)(.)/g, (_match, _underscore: string, letter: string) => letter.toUpperCase());
}

/** JSON Schema 2020-12 for a zod schema, without `$schema` (the document's dialect applies). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const generated = z.toJSONSchema(schema, { io, target: "draft-2020-12", override: simplify }) as JsonObject;
  delete generated.$schema;
  return generated;
}

/** Leaves out what zod adds that says nothing to a reader: its date-time regex, the safe-integer bounds. */
function simplify({ jsonSchema: json }: { jsonSchema: JsonObject }): void {
  if (json.format === "date-time") delete json.pattern;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
}
