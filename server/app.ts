import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import type { Logger } from "pino";
import { createReceiptCounter } from "./alerts/delivery-receipts";
import { createSitePermissions } from "./alerts/site-policy";
import { createSocketSubscriberResolver } from "./auth/socket-subscriber";
import { openDatabase } from "./db/open-database";
import { startMessageLogPruning } from "./db/message-log-pruning";
import { createPrismaMessageLog } from "./db/prisma-message-log";
import type { Env } from "./env";
import { withRequestLogging } from "./http/request-logging";
import { startPush } from "./push/start-push";
import { createRealtimeServer } from "./realtime/realtime-server";
import { createRedisStreamsAdapter } from "./realtime/redis-streams-adapter";
import { connectRedis } from "./redis";
import { PROJECT_ROOT } from "./project-root";
import { guardHttpRequest } from "./security/http-guard";
import { createDeviceCookies } from "./security/device-cookie";
import { checkSameSite } from "./security/origin-check";
import { createRateLimits } from "./security/rate-limits";
import { createRealtimeGuards, socketCapsOf } from "./security/realtime-guards";
import { registerServices } from "./services";

const SOCKET_IO_PATH = "/socket.io";
// Capped by the kernel's net.core.somaxconn (4096 on current Linux).
const ACCEPT_BACKLOG = 4096;

export type RunningApp = { httpServer: HttpServer; url: string; close: () => Promise<void> };

/**
 * The composition root: the database, the realtime server and Next.js on one HTTP port.
 * Everything else receives what it needs from here (server/services.ts for route handlers).
 */
export async function startApp(env: Env, logger: Logger): Promise<RunningApp> {
  const database = await openDatabase({
    dataDir: env.dataDir,
    databaseUrl: env.DATABASE_URL,
    seedDemoUsers: env.SEED_DEMO_USERS,
    logger,
  });

  // With REDIS_URL, this is one of several instances: Socket.IO joins them through Redis, and
  // the rate limits are counted there so that they hold across instances.
  const redis = env.REDIS_URL
    ? await connectRedis(env.REDIS_URL, logger, "socket.io adapter").catch(async (error: unknown) => {
        await database.close();
        throw error;
      })
    : undefined;
  const clusterAdapter = redis && (await createRedisStreamsAdapter(redis.client, env.REDIS_PREFIX));

  const nextApp = next({ dev: env.isDev, dir: PROJECT_ROOT, hostname: env.HOST, port: env.PORT });
  await nextApp.prepare();
  const handleRequest = nextApp.getRequestHandler();
  const handleNextUpgrade = nextApp.getUpgradeHandler();

  // Every request gets an id and a log line, also those the guard answers itself.
  const httpServer = createServer(
    withRequestLogging((request, response) => {
      if (!guardHttpRequest(request, response, { isDev: env.isDev, trustProxy: env.TRUST_PROXY })) return;
      void handleRequest(request, response);
    }, logger),
  );

  const rateLimits = createRateLimits({
    isEnabled: env.RATE_LIMITS === "on",
    sizes: env.RATE_LIMIT_SIZES,
    ...(redis ? { redis: { client: redis.client, keyPrefix: env.REDIS_PREFIX } } : {}),
    logger,
  });

  const replayWindowMs = env.REPLAY_WINDOW_HOURS * 60 * 60 * 1000;
  const pruning = startMessageLogPruning(database.db, { windowMs: replayWindowMs, logger });

  const permissions = createSitePermissions(logger);
  const receipts = createReceiptCounter(database.db, logger);
  const realtime = createRealtimeServer(httpServer, {
    permissions,
    resolveSubscriber: createSocketSubscriberResolver({ db: database.db, secret: env.AUTH_SECRET, logger }),
    messageLog: createPrismaMessageLog(database.db),
    replay: { maxAgeMs: replayWindowMs },
    onDelivered: receipts.record,
    logger,
    ...(clusterAdapter ? { clusterAdapter } : {}),
    guards: createRealtimeGuards(rateLimits, { trustProxy: env.TRUST_PROXY }),
    ...socketCapsOf(env),
    socketOptions: {
      path: SOCKET_IO_PATH,
      // Other upgrades are ours to route (below); engine.io would otherwise destroy them.
      destroyUpgrade: false,
      // A page on another site must not open a socket with this site's cookies (cross-site
      // WebSocket hijacking); clients that send no Origin (Node, the benchmark) are let in.
      allowRequest: (request, callback) => {
        const verdict = checkSameSite(request.headers);
        callback(verdict.isAllowed ? null : verdict.reason, verdict.isAllowed);
      },
    },
  });
  const push = startPush(env, database.db, logger);
  registerServices({ db: database.db, realtime, permissions, logger, rateLimits, deviceCookies: createDeviceCookies(env.AUTH_SECRET), push: push.service });

  httpServer.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url?.startsWith(`${SOCKET_IO_PATH}/`)) return; // engine.io's own listener has it
    // Only Next's dev server (HMR) takes websockets besides ours (vercel/next.js#54502).
    if (env.isDev) void handleNextUpgrade(request, socket, head);
    else socket.destroy();
  });

  // Ours and engine.io's are attached now. Next's request handler attaches one of its own on
  // the first request (next/dist/server/next.js setupWebSocketHandler), which resolves Next's
  // routes for every socket.io connection too: CPU and garbage per connection for nothing,
  // since upgrades are routed above. Detach any later one as it arrives.
  httpServer.on("newListener", (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (event === "upgrade") process.nextTick(() => httpServer.off("upgrade", listener));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    // After a restart every open page reconnects at once; Node's default accept queue (511)
    // overflows and the kernel makes the excess retry SYNs with back-off, for seconds.
    httpServer.listen({ port: env.PORT, host: env.HOST, backlog: ACCEPT_BACKLOG }, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const url = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const step = async (name: string, action: () => Promise<unknown> | void) => {
        const started = Date.now();
        await action();
        logger.info({ step: name, durationMs: Date.now() - started }, "shutdown step done");
      };
      // Stop taking new work: closing Socket.IO closes its sockets and the HTTP server, and
      // waits for that server to close, which a browser's idle keep-alive connections would
      // hold open. So close those meanwhile, give requests in flight a moment, then close
      // what is left; the database goes last.
      const httpClosed = new Promise<void>((resolve) => httpServer.once("close", () => resolve()));
      // Claims no more pushes from now; those in flight finish meanwhile (before the database closes).
      const pushClosed = push.close();
      await step("realtime and http", async () => {
        const realtimeClosed = realtime.close();
        httpServer.closeIdleConnections();
        await Promise.race([httpClosed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        httpServer.closeAllConnections();
        await Promise.all([realtimeClosed, httpClosed]);
      });
      await step("next", () => nextApp.close());
      // After Socket.IO, whose adapter says goodbye to the other instances through it.
      if (redis) await step("redis", () => redis.close());
      await step("receipts", () => receipts.close());
      await step("message log pruning", () => pruning.stop());
      await step("push worker", () => pushClosed);
      await step("database", () => database.close());
    })();
    return closing;
  };
  return { httpServer, url, close };
}

