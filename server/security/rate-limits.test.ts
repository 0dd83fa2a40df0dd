import { describe, expect, it } from "vitest";
import { createRateLimits, DEFAULT_LIMIT_SIZES, hashedKey } from "./rate-limits";

describe("createRateLimits", () => {
  it("refuses once a key has spent its points, with the seconds until its window ends; other keys are apart", async () => {
    const limits = createRateLimits({ isEnabled: true, sizes: { alertsPerAdmin: { points: 2, durationSeconds: 30 } } });
    expect(await limits.alertsPerAdmin.consume("a")).toEqual({ isAllowed: true });
    expect(await limits.alertsPerAdmin.check("a")).toEqual({ isAllowed: true });
    expect(await limits.alertsPerAdmin.consume("a")).toEqual({ isAllowed: true });
    expect(await limits.alertsPerAdmin.check("a")).toEqual({ isAllowed: false, retryAfterSeconds: 30 });
    expect(await limits.alertsPerAdmin.consume("a")).toEqual({ isAllowed: false, retryAfterSeconds: 30 });
    expect(await limits.alertsPerAdmin.consume("b")).toEqual({ isAllowed: true });
    await limits.alertsPerAdmin.reset("a");
    expect(await limits.alertsPerAdmin.consume("a")).toEqual({ isAllowed: true });
  });

  it("gives back a point reserved for an attempt that turned out fine", async () => {
    const limits = createRateLimits({ isEnabled: true, sizes: { signInFailuresPerAccount: { points: 2, durationSeconds: 30 } } });
    expect((await limits.signInFailuresPerAccount.consume("a")).isAllowed).toBe(true);
    await limits.signInFailuresPerAccount.refund("a");
    expect((await limits.signInFailuresPerAccount.consume("a")).isAllowed).toBe(true);
    expect((await limits.signInFailuresPerAccount.consume("a")).isAllowed).toBe(true);
    expect((await limits.signInFailuresPerAccount.consume("a")).isAllowed).toBe(false);
  });

  it("keeps production sizes for the limits not overridden", async () => {
    const limits = createRateLimits({ isEnabled: true, sizes: { alertsPerAdmin: { points: 1, durationSeconds: 5 } } });
    for (let i = 0; i < DEFAULT_LIMIT_SIZES.signUpPerIp.points; i++) expect((await limits.signUpPerIp.consume("ip")).isAllowed).toBe(true);
    expect((await limits.signUpPerIp.consume("ip")).isAllowed).toBe(false);
  });

  it("RATE_LIMITS=off admits everything", async () => {
    const limits = createRateLimits({ isEnabled: false, sizes: { alertsPerAdmin: { points: 1, durationSeconds: 60 } } });
    for (let i = 0; i < 1000; i++) expect((await limits.alertsPerAdmin.consume("a")).isAllowed).toBe(true);
    expect((await limits.socketEventsPerConnection.check("s")).isAllowed).toBe(true);
  });

  it("refuses unknown limit names and empty sizes at start-up", () => {
    expect(() => createRateLimits({ isEnabled: true, sizes: { signinPerIp: { points: 1, durationSeconds: 1 } } })).toThrow(/unknown limit "signinPerIp"/);
    expect(() => createRateLimits({ isEnabled: true, sizes: { signUpPerIp: { points: 0, durationSeconds: 1 } } })).toThrow(/at least 1 point/);
  });

  it("keys personal values by a short hash", () => {
    expect(hashedKey("someone@example.com")).toHaveLength(32);
    expect(hashedKey("someone@example.com")).not.toContain("someone");
    expect(hashedKey("a", "bc")).not.toBe(hashedKey("ab", "c"));
  });
});
