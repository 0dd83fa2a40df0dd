import type { Logger } from "pino";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import type { Env } from "@/server/env";
import { createEndpointGuard, type EndpointGuard } from "./endpoint-guard";
import type { PushNudge } from "./enqueue";
import { createPushSender } from "./send";
import { startPushWorker } from "./worker";

/** What route handlers and the alert use case need of Web Push (Services["push"]). */
export type PushService = PushNudge & {
  /** The VAPID public key browsers subscribe with (`applicationServerKey`). */
  publicKey: string;
  guardEndpoint: EndpointGuard;
};

/** Until VAPID_SUBJECT is set: push services then have no real address to write to about problems. */
const PLACEHOLDER_SUBJECT = "mailto:admin@example.com";

/**
 * Web Push for this instance: the endpoint guard, and unless PUSH_WORKER=off the worker that
 * sends what the outbox holds. `close` stops the worker (pushes in flight finish first).
 */
export function startPush(env: Env, db: PrismaClient, logger: Logger): { service: PushService; close: () => Promise<void> } {
  const guardEndpoint = createEndpointGuard({ allowLoopback: env.PUSH_ALLOW_LOOPBACK });
  if (env.PUSH_ALLOW_LOOPBACK) logger.warn("PUSH_ALLOW_LOOPBACK is on: push endpoints at http://127.0.0.1 are accepted (tests only)");
  if (!env.VAPID_SUBJECT) logger.warn({ subject: PLACEHOLDER_SUBJECT }, "VAPID_SUBJECT is not set: push services get a placeholder contact");
  const sender = createPushSender({
    vapid: { subject: env.VAPID_SUBJECT ?? PLACEHOLDER_SUBJECT, publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY },
    guard: guardEndpoint,
  });
  const worker =
    env.PUSH_WORKER === "on"
      ? startPushWorker({ db, send: sender, logger: logger.child({ component: "push" }), concurrency: env.PUSH_CONCURRENCY, pollIntervalMs: env.PUSH_POLL_INTERVAL_MS })
      : undefined;
  return {
    service: { publicKey: env.VAPID_PUBLIC_KEY, guardEndpoint, nudge: () => worker?.nudge() },
    close: async () => {
      await worker?.close();
      sender.close();
    },
  };
}
