import { z } from "zod";

export type ApiErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "idempotency_mismatch"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

/** Each code's HTTP status (the OpenAPI document lists them from here). */
export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** An error with a known code and a message fit for the client (docs/API.md). */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: { fields?: Record<string, string> } & Record<string, unknown> = {},
  ) {
    super(message);
    this.status = API_ERROR_STATUS[code];
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }

  /** Headers the answer carries besides its body: `Retry-After` for a rate limit. */
  headers(): Record<string, string> {
    const retryAfter = this.details.retryAfterSeconds;
    return typeof retryAfter === "number" ? { "retry-after": String(retryAfter) } : {};
  }

  toResponse(): Response {
    return Response.json(this.toBody(), { status: this.status, headers: this.headers() });
  }
}

/** 429 with `Retry-After` and the same number in the body, for clients that only read JSON. */
export function rateLimited(retryAfterSeconds: number, message: string): ApiError {
  return new ApiError("rate_limited", message, { retryAfterSeconds });
}

/** zod issues as `{ field: message }`, the first message per field, for forms to show. */
export function invalidInput(error: z.ZodError, message = "Some fields are invalid."): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    fields[field] ??= issue.message;
  }
  return new ApiError("invalid_input", message, { fields });
}
