import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimits } from "./rate-limits";

// The Redis seam of the limits: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run it.
const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

describe.skipIf(!TEST_REDIS_URL)("rate limits in Redis", () => {
  const client = createClient({ url: TEST_REDIS_URL });
  const keyPrefix = `newsflash-test-${randomUUID()}`;
  const sizes = { alertsPerAdmin: { points: 2, durationSeconds: 30 }, socketEventsPerConnection: { points: 1, durationSeconds: 30 } };

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    if (client.isOpen) await client.quit();
  });

  it("share one count between instances, except the per-connection limit, which stays in each process", async () => {
    const first = createRateLimits({ isEnabled: true, sizes, redis: { client, keyPrefix } });
    const second = createRateLimits({ isEnabled: true, sizes, redis: { client, keyPrefix } });
    const admin = `admin-${randomUUID()}`;
    expect((await first.alertsPerAdmin.consume(admin)).isAllowed).toBe(true);
    expect((await second.alertsPerAdmin.consume(admin)).isAllowed).toBe(true);
    expect(await first.alertsPerAdmin.consume(admin)).toEqual({ isAllowed: false, retryAfterSeconds: expect.any(Number) });
    expect((await second.alertsPerAdmin.check(admin)).isAllowed).toBe(false);
    await second.alertsPerAdmin.reset(admin);
    expect((await first.alertsPerAdmin.consume(admin)).isAllowed).toBe(true);

    const socketId = randomUUID();
    expect((await first.socketEventsPerConnection.consume(socketId)).isAllowed).toBe(true);
    expect((await second.socketEventsPerConnection.consume(socketId)).isAllowed).toBe(true);
    expect((await first.socketEventsPerConnection.consume(socketId)).isAllowed).toBe(false);
  });

  it("keep counting in memory when Redis goes away", async () => {
    const lost = createClient({ url: TEST_REDIS_URL });
    await lost.connect();
    const limits = createRateLimits({ isEnabled: true, sizes, redis: { client: lost, keyPrefix } });
    await lost.destroy();
    const admin = `admin-${randomUUID()}`;
    expect((await limits.alertsPerAdmin.consume(admin)).isAllowed).toBe(true);
    expect((await limits.alertsPerAdmin.consume(admin)).isAllowed).toBe(true);
    expect((await limits.alertsPerAdmin.consume(admin)).isAllowed).toBe(false);
  });
});
