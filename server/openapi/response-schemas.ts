import { z } from "zod";
import "@/lib/schemas/zod-config";
import { channelSchema } from "@/lib/realtime/channel";
import { API_ERROR_STATUS, type ApiErrorCode } from "@/server/http/api-error";

// What the API answers, as zod schemas: the OpenAPI document is generated from them, and
// test/api/openapi.test.ts parses real answers with them, so a field added to an answer
// without its documentation fails there (strict objects). Request bodies are not here: those
// are the schemas that validate them (lib/schemas/).

const id = z.string().min(1);
const timestamp = z.iso.datetime({ offset: true });
const count = z.int().min(0);

const alertView = z.strictObject({
  id,
  text: z.string(),
  color: z.string().regex(/^#[0-9a-f]{6}$/),
  sentAt: timestamp,
  expiresAt: timestamp,
  revision: z.int().min(1),
  status: z.enum(["active", "expired", "retracted"]),
  /** Only the channels the caller may read. */
  channels: z.array(channelSchema),
  correctedAt: timestamp.optional(),
  retractedAt: timestamp.optional(),
  reason: z.string().optional(),
});

export const alertListSchema = z.array(alertView).meta({ description: "Newest first; only alerts and channels the caller may read." });

export const sentAlertSchema = z.strictObject({
  alert: alertView.omit({ channels: true, correctedAt: true, retractedAt: true, reason: true }),
  deliveries: z.array(z.strictObject({ channel: channelSchema, recipients: count })).meta({
    description: "Per channel, the sockets subscribed when it was published.",
  }),
});

export const alertReportSchema = z.strictObject({
  alert: alertView,
  deliveries: z.array(z.strictObject({ channel: channelSchema, recipients: count, delivered: count })).meta({
    description: "`delivered` counts the readers' acknowledgements received so far.",
  }),
});

export const changedAlertSchema = z.strictObject({ alert: alertView });

export const audienceSchema = z.strictObject({
  channels: z.array(z.strictObject({ channel: channelSchema, listeners: count })).meta({
    description: "Visitors and every alert type, with the sockets subscribed now, summed over all instances.",
  }),
  total: count.meta({ description: "Sockets listening on any of these channels, each counted once." }),
});

export const healthSchema = z.strictObject({ ok: z.literal(true) });

export const subscriptionTypeSchema = z.strictObject({ id, type: z.string(), channelName: z.string(), channelResource: z.string() });
export const subscriptionTypeListSchema = z.array(subscriptionTypeSchema);

export const subscriptionsSchema = z.strictObject({ typeIds: z.array(id) });
export const savedSubscriptionsSchema = z.strictObject({ typeIds: z.array(id), added: z.array(id), removed: z.array(id) });

const userSchema = z.strictObject({ id, name: z.string(), email: z.string(), role: z.enum(["MEMBER", "ADMIN"]), createdAt: timestamp });
export const userListSchema = z.array(userSchema);
export const changedUserSchema = userSchema;
export const signedUpSchema = z.strictObject({ user: userSchema.pick({ id: true, name: true, email: true }) });

export const auditPageSchema = z.strictObject({
  events: z.array(
    z.strictObject({
      id,
      at: timestamp,
      actor: z.strictObject({
        id: id.nullable(),
        email: z.string().meta({ description: "The admin's email, or `token:<name>` for an action done with a publishing token." }),
      }),
      action: z.string(),
      target: z.string().nullable(),
      details: z.unknown(),
      requestId: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const tokenSchema = z.strictObject({ id, name: z.string(), createdAt: timestamp, lastUsedAt: timestamp.nullable() });
export const tokenListSchema = z.array(tokenSchema).meta({ description: "Live tokens, newest first. Never a secret or its hash." });
export const createdTokenSchema = z.strictObject({
  token: tokenSchema.omit({ lastUsedAt: true }),
  secret: z.string().regex(/^nf_[A-Za-z0-9_-]{43}$/).meta({ description: "Shown this once; only its SHA-256 is stored." }),
});

export const pushPublicKeySchema = z.strictObject({ publicKey: z.string().meta({ description: "base64url, the 65-byte uncompressed P-256 point" }) });
export const pushDeviceSchema = z.strictObject({ id });

export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

// Auth.js's own routes (credentials provider): what a non-browser client needs to sign in.
export const csrfSchema = z.strictObject({ csrfToken: z.string() });
export const sessionSchema = z
  .looseObject({
    user: z.looseObject({ id, name: z.string(), email: z.string(), role: z.enum(["MEMBER", "ADMIN"]) }),
    expires: timestamp,
  })
  .nullable();
export const providersSchema = z.record(z.string(), z.looseObject({ id: z.string(), name: z.string(), type: z.string() }));
export const credentialsFormSchema = z.strictObject({
  csrfToken: z.string(),
  email: z.string(),
  password: z.string(),
  callbackUrl: z.string().optional(),
});
export const signOutFormSchema = z.strictObject({ csrfToken: z.string(), callbackUrl: z.string().optional() });

const errorCodes = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** Every error answer: `{ error: { code, message, ... } }` (docs/API.md). */
export const apiErrorSchema = z.strictObject({
  ok: z.literal(false).optional().meta({ description: "Only on GET /api/health's 503." }),
  error: z.strictObject({
    code: z.enum(errorCodes),
    message: z.string().meta({ description: "Plain words for a person; not for matching on." }),
    fields: z.record(z.string(), z.string()).optional().meta({ description: "invalid_input: the first problem of each field at fault (`body` for the body as a whole)." }),
    retryAfterSeconds: z.int().min(1).optional().meta({ description: "rate_limited: the same number as the Retry-After header." }),
    limit: z.int().optional().meta({ description: "payload_too_large: the largest body accepted, in bytes." }),
  }),
});
