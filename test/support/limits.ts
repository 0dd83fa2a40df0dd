import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { api, type SignInAttempt } from "./http";

// Shared by the rate-limit tests (test/security): what a refusal looks like, and fresh client
// addresses and accounts so each test has budgets of its own.

/** Fresh client addresses, claimed through X-Forwarded-For (the server must trust it). */
export function addressesFrom(prefix: string): () => Record<string, string> {
  let last = 0;
  return () => {
    last += 1;
    return { "x-forwarded-for": `${prefix}.${last}` };
  };
}

/** The contract's 429: `rate_limited`, with `Retry-After` in the header and the body alike. */
export function expectRateLimited(status: number, headers: Headers, body: unknown, windowSeconds: number): number {
  expect(status).toBe(429);
  const retryAfter = Number(headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(body).toMatchObject({ error: { code: "rate_limited", message: expect.any(String), retryAfterSeconds: retryAfter } });
  return retryAfter;
}

/** A sign-in refused before Auth.js ran, with the `url` Auth.js's browser client reads. */
export function expectSignInRefused(attempt: SignInAttempt, windowSeconds: number): number {
  const body: unknown = JSON.parse(attempt.body);
  expect(attempt.cookie).toBeNull();
  expect(body).toMatchObject({ url: expect.stringContaining("error=rate_limited") });
  return expectRateLimited(attempt.status, attempt.headers, body, windowSeconds);
}

/** Auth.js's answer to wrong credentials: back to the sign-in page with an error, no session. */
export function expectWrongCredentials(attempt: SignInAttempt): void {
  expect(attempt.status).toBe(302);
  expect(attempt.location).toContain("error=CredentialsSignin");
  expect(attempt.cookie).toBeNull();
}

/** A new account, signed up from `headers`' address (sign-ups are limited per address). */
export async function createAccount(baseUrl: string, headers: Record<string, string>): Promise<{ email: string; password: string }> {
  const account = { email: `limits-${randomUUID()}@example.com`, password: "correct horse battery", name: "Limits" };
  const created = await api(baseUrl, "/api/signup", { method: "POST", body: account, headers });
  expect(created.status).toBe(201);
  return { email: account.email, password: account.password };
}
