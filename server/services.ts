import type { Logger } from "pino";
import type { PrismaClient } from "./db/generated/prisma/client";
import type { PushService } from "./push/start-push";
import type { PermissionsRouter } from "./realtime/permissions-router";
import type { RealtimeServer } from "./realtime/realtime-server";
import type { DeviceCookies } from "./security/device-cookie";
import type { RateLimits } from "./security/rate-limits";

/**
 * The process's long-lived services. The custom server creates them once and registers them
 * here; Next's route handlers, bundled separately, load their own copy of this module, so the
 * registry lives on globalThis (socketio/socket.io#5237).
 */
export type Services = {
  db: PrismaClient;
  realtime: RealtimeServer;
  permissions: PermissionsRouter;
  logger: Logger;
  rateLimits: RateLimits;
  deviceCookies: DeviceCookies;
  push: PushService;
};

const registryKey = Symbol.for("newsflash.services");
type Registry = { [registryKey]?: Services };

export function registerServices(services: Services): void {
  (globalThis as Registry)[registryKey] = services;
}

export function getServices(): Services {
  const services = (globalThis as Registry)[registryKey];
  if (!services) throw new Error("Services are not registered: start the app with server/index.ts");
  return services;
}
