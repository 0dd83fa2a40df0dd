import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, demoAdmin, signIn } from "../support/http";
import { startPushServiceStandIn, waitUntil, type PushServiceStandIn, type StandInDevice } from "../support/push-service";
import { startTestServer, type TestServer } from "../support/server";
import { createSharedServices, type SharedServices } from "./support/services";

// Two instances on one PostgreSQL, both running the push worker: each push goes out once.
// Small batches, short polls and a push service that takes its time make them take turns
// at the same outbox, rather than one doing everything.

let services: SharedServices;
let pushService: PushServiceStandIn;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  services = await createSharedServices();
  pushService = await startPushServiceStandIn({ delayMs: 100 });
  const env = { ...services.instanceEnv, PUSH_ALLOW_LOOPBACK: "true", PUSH_CONCURRENCY: "2", PUSH_POLL_INTERVAL_MS: "100", LOG_LEVEL: "debug" };
  a = await startTestServer({ env });
  b = await startTestServer({ env });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await pushService?.close();
  await services?.cleanUp();
});

describe("Web Push with two instances", () => {
  it("sends each push once, whichever instance the alert and the devices came through", async () => {
    const devices: StandInDevice[] = [];
    for (let index = 0; index < 30; index++) {
      const device = pushService.newDevice();
      const response = await api(index % 2 === 0 ? a.url : b.url, "/api/push/subscriptions", { method: "POST", body: device.subscription });
      expect(response.status).toBe(201);
      devices.push(device);
    }
    const cookie = (await signIn(a.url, demoAdmin.email, demoAdmin.password))!;
    const alertIds: string[] = [];
    for (const [server, text] of [[a, "Sent through A"], [b, "Sent through B"]] as const) {
      const response = await api(server.url, "/api/alerts", { method: "POST", cookie, body: { text, color: "#123456", channels: [{ name: "visitors" }] } });
      expect(response.status).toBe(201);
      alertIds.push(response.body.alert.id);
    }

    await waitUntil(() => devices.every((device) => device.received().length >= 2), "both pushes on every device", 60_000);
    // Time for any second sending to show up.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    for (const device of devices) {
      expect(device.received().map((push) => push.message.alertId).sort()).toEqual([...alertIds].sort());
      expect(device.requests()).toHaveLength(2);
    }
    expect(pushService.problems).toEqual([]);
    // Both took part.
    const sentBy = (server: TestServer) => server.output().split("\n").filter((line) => line.includes('"push delivered"')).length;
    expect(sentBy(a) + sentBy(b)).toBe(60);
    expect(sentBy(a)).toBeGreaterThan(0);
    expect(sentBy(b)).toBeGreaterThan(0);
  });
});
