import type { z } from "zod";
import { signupInputSchema } from "@/lib/schemas/account";
import { alertCorrectionSchema, alertInputSchema, alertRetractionSchema } from "@/lib/schemas/alert";
import { auditQuerySchema } from "@/lib/schemas/audit";
import { listQuerySchema } from "@/lib/schemas/list-query";
import { pushSubscriptionInputSchema, pushUnsubscribeInputSchema } from "@/lib/schemas/push";
import { subscriptionTypeCreateSchema, subscriptionTypeRenameSchema, subscriptionsInputSchema } from "@/lib/schemas/subscriptions";
import { tokenCreateSchema } from "@/lib/schemas/tokens";
import { roleChangeSchema } from "@/lib/schemas/users";
import type { ApiErrorCode } from "@/server/http/api-error";
import * as answers from "./response-schemas";

/**
 * Who may call an operation: anyone; anyone, with more for a signed-in caller ("reader"); a
 * signed-in member or admin (session cookie); an admin (session cookie); an admin or a
 * publishing token (the four routes the contract names).
 */
export type Access = "anyone" | "reader" | "member" | "admin" | "publisher";

export type ApiOperation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI template: `{id}` for a route's `[id]`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  query?: z.ZodObject;
  /** A JSON body validated by this schema (lib/schemas/), or a form for Auth.js's routes. */
  body?: { schema: z.ZodType; isOptional?: boolean; isForm?: boolean };
  hasIdempotencyKey?: boolean;
  success: { status: number; description: string; schema?: z.ZodType };
  /** Errors besides those every operation of its kind has (see openapi-document.ts). */
  errors?: ApiErrorCode[];
};

/**
 * Every operation the app serves under /api. test/api/openapi.test.ts walks app/api and fails
 * for a route file's method that is not here, and for an entry here that no route serves.
 */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/health",
    tag: "Site",
    summary: "Health check",
    description: "200 once the database answers; 503 `unavailable` when it does not.",
    access: "anyone",
    success: { status: 200, description: "The server and its database answer.", schema: answers.healthSchema },
    errors: ["unavailable"],
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "Site",
    summary: "This document",
    access: "anyone",
    success: { status: 200, description: "The OpenAPI 3.1 document of the HTTP API.", schema: answers.openApiDocumentSchema },
  },
  {
    method: "post",
    path: "/api/alerts",
    tag: "Alerts",
    summary: "Send an alert",
    description:
      "Stores the alert and publishes it on each channel. With `Idempotency-Key`, a repeat of the same key and body by the same sender within 24 hours answers the first answer again (201, same alert id) and publishes nothing; the same key with another body is 422 `idempotency_mismatch`.",
    access: "publisher",
    body: { schema: alertInputSchema },
    hasIdempotencyKey: true,
    success: { status: 201, description: "Sent (or, for a repeated Idempotency-Key, sent before).", schema: answers.sentAlertSchema },
    errors: ["idempotency_mismatch", "rate_limited"],
  },
  {
    method: "get",
    path: "/api/alerts",
    tag: "Alerts",
    summary: "Recent alerts",
    access: "reader",
    query: listQuerySchema,
    success: { status: 200, description: "Newest first; only what the caller may read.", schema: answers.alertListSchema },
    errors: ["invalid_input"],
  },
  {
    method: "get",
    path: "/api/alerts/active",
    tag: "Alerts",
    summary: "Active alerts",
    description: "Alerts neither expired nor retracted, newest first, with only the channels the caller may read.",
    access: "reader",
    success: { status: 200, description: "The active alerts the caller may read.", schema: answers.alertListSchema },
  },
  {
    method: "get",
    path: "/api/alerts/{id}",
    tag: "Alerts",
    summary: "An alert's delivery report",
    access: "publisher",
    success: { status: 200, description: "The alert, and per channel the recipients and acknowledgements.", schema: answers.alertReportSchema },
    errors: ["not_found"],
  },
  {
    method: "patch",
    path: "/api/alerts/{id}",
    tag: "Alerts",
    summary: "Correct an alert",
    description: "A new text, colour or both; `revision` + 1, published with `kind: \"corrected\"`.",
    access: "publisher",
    body: { schema: alertCorrectionSchema },
    success: { status: 200, description: "The corrected alert.", schema: answers.changedAlertSchema },
    errors: ["not_found", "conflict", "rate_limited"],
  },
  {
    method: "post",
    path: "/api/alerts/{id}/retract",
    tag: "Alerts",
    summary: "Retract an alert",
    description: "Published with `kind: \"retracted\"`; 409 `conflict` when already retracted. The body may be left out.",
    access: "publisher",
    body: { schema: alertRetractionSchema, isOptional: true },
    success: { status: 200, description: "The retracted alert.", schema: answers.changedAlertSchema },
    errors: ["not_found", "conflict", "rate_limited"],
  },
  {
    method: "get",
    path: "/api/audience",
    tag: "Alerts",
    summary: "Who is listening now",
    access: "admin",
    success: { status: 200, description: "Listeners per channel the site offers, and in all.", schema: answers.audienceSchema },
  },
  {
    method: "get",
    path: "/api/subscription-types",
    tag: "Subscriptions",
    summary: "Alert types members can choose",
    access: "anyone",
    success: { status: 200, description: "Every subscription type, in display order.", schema: answers.subscriptionTypeListSchema },
  },
  {
    method: "post",
    path: "/api/subscription-types",
    tag: "Subscriptions",
    summary: "Add an alert type",
    access: "admin",
    body: { schema: subscriptionTypeCreateSchema },
    success: { status: 201, description: "The new type.", schema: answers.subscriptionTypeSchema },
    errors: ["conflict"],
  },
  {
    method: "patch",
    path: "/api/subscription-types/{id}",
    tag: "Subscriptions",
    summary: "Rename an alert type",
    access: "admin",
    body: { schema: subscriptionTypeRenameSchema },
    success: { status: 200, description: "The renamed type.", schema: answers.subscriptionTypeSchema },
    errors: ["not_found", "conflict"],
  },
  {
    method: "delete",
    path: "/api/subscription-types/{id}",
    tag: "Subscriptions",
    summary: "Remove an alert type",
    description: "Also removes it from every member's choice.",
    access: "admin",
    success: { status: 204, description: "Removed." },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/subscriptions",
    tag: "Subscriptions",
    summary: "The caller's chosen alert types",
    access: "member",
    success: { status: 200, description: "The chosen type ids (the row is created on the first call).", schema: answers.subscriptionsSchema },
  },
  {
    method: "put",
    path: "/api/subscriptions",
    tag: "Subscriptions",
    summary: "Replace the caller's chosen alert types",
    access: "member",
    body: { schema: subscriptionsInputSchema },
    success: { status: 200, description: "The choice now, and what changed.", schema: answers.savedSubscriptionsSchema },
  },
  {
    method: "post",
    path: "/api/signup",
    tag: "Accounts",
    summary: "Sign up",
    description: "Then sign in through Auth.js (`/api/auth/csrf`, `/api/auth/callback/credentials`).",
    access: "anyone",
    body: { schema: signupInputSchema },
    success: { status: 201, description: "The new member.", schema: answers.signedUpSchema },
    errors: ["conflict", "rate_limited"],
  },
  {
    method: "get",
    path: "/api/users",
    tag: "Accounts",
    summary: "Accounts",
    access: "admin",
    query: listQuerySchema,
    success: { status: 200, description: "Admins first, newest first.", schema: answers.userListSchema },
  },
  {
    method: "patch",
    path: "/api/users/{id}",
    tag: "Accounts",
    summary: "Grant or withdraw the admin role",
    description: "Never on oneself (403). Takes effect at once, on open sockets too.",
    access: "admin",
    body: { schema: roleChangeSchema },
    success: { status: 200, description: "The account as it is now.", schema: answers.changedUserSchema },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/audit",
    tag: "Accounts",
    summary: "The audit log",
    access: "admin",
    query: auditQuerySchema,
    success: { status: 200, description: "Newest first; pass `nextCursor` as `cursor` for the next page.", schema: answers.auditPageSchema },
  },
  {
    method: "post",
    path: "/api/tokens",
    tag: "Publishing tokens",
    summary: "Create a publishing token",
    description: "Signed-in admins only: a token cannot create tokens. The answer carries the secret, this once.",
    access: "admin",
    body: { schema: tokenCreateSchema },
    success: { status: 201, description: "The token and its secret.", schema: answers.createdTokenSchema },
    errors: ["conflict"],
  },
  {
    method: "get",
    path: "/api/tokens",
    tag: "Publishing tokens",
    summary: "Live publishing tokens",
    access: "admin",
    success: { status: 200, description: "Newest first, with their last use.", schema: answers.tokenListSchema },
  },
  {
    method: "delete",
    path: "/api/tokens/{id}",
    tag: "Publishing tokens",
    summary: "Revoke a publishing token",
    description: "The next request with it is 401.",
    access: "admin",
    success: { status: 204, description: "Revoked." },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/auth/csrf",
    tag: "Sign-in (Auth.js)",
    summary: "A CSRF token for signing in or out",
    description: "Auth.js's own route. Keep the cookie it sets for the next request.",
    access: "anyone",
    success: { status: 200, description: "The token, also set as a cookie.", schema: answers.csrfSchema },
  },
  {
    method: "post",
    path: "/api/auth/callback/credentials",
    tag: "Sign-in (Auth.js)",
    summary: "Sign in with email and password",
    description:
      "Auth.js's own route: a form post with the CSRF cookie. Answers with a redirect, setting the session cookie (`authjs.session-token`, or `__Secure-authjs.session-token` behind https) and a device cookie for this account (`newsflash-device-…`, sent back only to this route: failures from this browser then count against it alone) when the credentials are right. Each field once: a repeated one is 400. Rate-limited (429 with `url` carrying `error=rate_limited`).",
    access: "anyone",
    body: { schema: answers.credentialsFormSchema, isForm: true },
    success: { status: 302, description: "Redirect; with the session cookie when signed in." },
    errors: ["invalid_input", "rate_limited"],
  },
  {
    method: "get",
    path: "/api/push/public-key",
    tag: "Web Push",
    summary: "The VAPID public key",
    description: "The key (base64url, RFC 8292) a browser passes as `applicationServerKey` when it subscribes (docs/PUSH.md).",
    access: "anyone",
    success: { status: 200, description: "The public key.", schema: answers.pushPublicKeySchema },
  },
  {
    method: "post",
    path: "/api/push/subscriptions",
    tag: "Web Push",
    summary: "Register this device for Web Push",
    description:
      "The browser's `PushSubscription.toJSON()`. A visitor's device gets `visitors` alerts; a signed-in member's the types they chose (followed as they change); an admin's both. The endpoint must be `https:` on a public address.",
    access: "reader",
    body: { schema: pushSubscriptionInputSchema },
    success: { status: 201, description: "Registered (or updated).", schema: answers.pushDeviceSchema },
    errors: ["conflict", "rate_limited"],
  },
  {
    method: "delete",
    path: "/api/push/subscriptions",
    tag: "Web Push",
    summary: "Stop Web Push on this device",
    access: "anyone",
    body: { schema: pushUnsubscribeInputSchema },
    success: { status: 204, description: "Removed (or was not registered)." },
  },
  {
    method: "get",
    path: "/api/auth/session",
    tag: "Sign-in (Auth.js)",
    summary: "The current session",
    access: "reader",
    success: { status: 200, description: "The signed-in user, or null.", schema: answers.sessionSchema },
  },
  {
    method: "get",
    path: "/api/auth/providers",
    tag: "Sign-in (Auth.js)",
    summary: "Sign-in methods",
    access: "anyone",
    success: { status: 200, description: "Auth.js's providers (credentials only).", schema: answers.providersSchema },
  },
  {
    method: "post",
    path: "/api/auth/signout",
    tag: "Sign-in (Auth.js)",
    summary: "Sign out",
    description:
      "Auth.js's own route: a form post with the session's CSRF token. The session ends on the server: its cookie, wherever copied, is refused from then on, and its sockets stop reading members' channels at once. 503 when that could not be recorded (the cookie is then kept).",
    access: "reader",
    body: { schema: answers.signOutFormSchema, isForm: true },
    success: { status: 302, description: "Redirect; the session cookie is cleared." },
    errors: ["unavailable"],
  },
];
