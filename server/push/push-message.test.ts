import { describe, expect, it } from "vitest";
import { isWorthPushing, pushTopic, pushTtlSeconds, type PushableAlert } from "./push-message";
import { parseRetryAfter } from "./send";
import { retryDelayMs } from "./worker";

const now = new Date("2026-12-02T12:00:00Z");
const alert = (changes: Partial<PushableAlert> = {}): PushableAlert => ({
  id: "cmalert0000000000000000001",
  text: "Storm",
  color: "#aa0000",
  sentAt: new Date("2026-12-02T11:30:00Z"),
  expiresAt: new Date("2026-12-02T12:30:00Z"),
  retractedAt: null,
  revision: 1,
  ...changes,
});

describe("which alert changes are still pushed", () => {
  it("pushes the latest change of an active alert", () => {
    expect(isWorthPushing({ kind: "sent", revision: 1 }, alert(), now)).toBe(true);
    expect(isWorthPushing({ kind: "corrected", revision: 2 }, alert({ revision: 2 }), now)).toBe(true);
  });

  it("skips a change once the alert expired, was retracted, or changed again", () => {
    expect(isWorthPushing({ kind: "sent", revision: 1 }, alert({ expiresAt: now }), now)).toBe(false);
    expect(isWorthPushing({ kind: "sent", revision: 1 }, alert({ retractedAt: now, revision: 2 }), now)).toBe(false);
    expect(isWorthPushing({ kind: "sent", revision: 1 }, alert({ revision: 2 }), now)).toBe(false);
  });

  it("always pushes a retraction, which closes the notification, even of an expired alert", () => {
    expect(isWorthPushing({ kind: "retracted", revision: 3 }, alert({ retractedAt: now, revision: 3, expiresAt: new Date(0) }), now)).toBe(true);
  });
});

describe("push headers", () => {
  it("lives as long as the alert is active; a retraction at least an hour", () => {
    expect(pushTtlSeconds({ kind: "sent", revision: 1 }, alert(), now)).toBe(1_800);
    expect(pushTtlSeconds({ kind: "retracted", revision: 2 }, alert(), now)).toBe(3_600);
    expect(pushTtlSeconds({ kind: "retracted", revision: 2 }, alert({ expiresAt: new Date(now.getTime() + 7_200_000) }), now)).toBe(7_200);
  });

  it("names one Topic per alert, at most 32 base64url characters", () => {
    expect(pushTopic("cmalert0000000000000000001")).toBe("cmalert0000000000000000001");
    const long = pushTopic("an id that is long and has spaces in it, far over the limit");
    expect(long).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pushTopic("another id that is long and has spaces in it, far over")).not.toBe(long);
  });
});

describe("retries", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 11, 2, 12, 0, 30)).toUTCString(), now.getTime())).toBe(30_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it("waits as the push service says, else backs off exponentially with jitter up to five minutes", () => {
    expect(retryDelayMs(1, 2_000)).toBe(2_000);
    expect(retryDelayMs(9, 0)).toBe(500);
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined, middle))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(20, undefined, middle)).toBe(300_000);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(800);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(1_200);
  });
});
