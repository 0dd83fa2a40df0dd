/** A request that carried an `Idempotency-Key` (docs/API.md). */
export type IdempotentRequest = {
  /** "user:<id>" or "token:<id>": the same key from two senders is two keys. */
  senderKey: string;
  key: string;
  /** hashRequest() of the validated body: the same key with another body is refused. */
  requestHash: string;
};

/** How long a key answers with its first answer; older records are ignored, then pruned. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export function idempotencyWindowStart(now = Date.now()): Date {
  return new Date(now - IDEMPOTENCY_WINDOW_MS);
}
