import { setTimeout as sleep } from "node:timers/promises";
import { startTestServer, type TestServer } from "@/test/support/server";
import { nowMs } from "./protocol";
import { signInPublisher, spawnFloorServer, publishToFloor, type AlertBody, type Delivery, type FloorProcess } from "./targets";

// What the restart storm runs against: a server that can be taken down (SIGTERM, or SIGKILL as
// a crash) and brought up again on the same port and the same data, and that says when it
// answers again: the first 200 of its health endpoint (the product's GET /api/health, which
// answers once the database does; the floor's GET /health).

export type StopSignal = "SIGTERM" | "SIGKILL";

export type RestartableTarget = {
  kind: "floor" | "app";
  /** Where readers connect. */
  urls: string[];
  publish: (alert: AlertBody) => Promise<Delivery[]>;
  /** Stops the server (one instance of several, for a cluster) with `signal` and resolves once its process has exited. */
  takeDown: (signal: StopSignal) => Promise<void>;
  /** Starts it again on the same port and data; resolves with the time (protocol.ts `nowMs`) its health endpoint first answered 200. */
  bringUp: () => Promise<number>;
  stop: () => Promise<void>;
};

const HEALTH_POLL_MS = 20;

/** Polls `healthUrl` until it answers 200; fails when `starting` (the process start) fails first. */
export async function waitUntilAnswering(healthUrl: string, starting: Promise<unknown>): Promise<number> {
  let startFailure: unknown;
  starting.catch((error: unknown) => (startFailure = error ?? new Error("start failed")));
  for (;;) {
    if (startFailure) throw startFailure;
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return nowMs();
    } catch {
      // not listening yet
    }
    await sleep(HEALTH_POLL_MS);
  }
}

/**
 * The product on its embedded defaults (PGlite in `dataDir`), or as one instance of a cluster
 * (`env`: shared PostgreSQL and Redis); rate limits off as in targets.ts.
 */
export async function startRestartableApp(dataDir: string, env: Record<string, string> = {}): Promise<RestartableTarget> {
  // BENCH_CPU_PROF_DIR: a V8 CPU profile of each server process there, as in targets.ts (the restarted one takes the storm).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const start = (port?: number) => startTestServer({ dataDir, nodeArgs, ...(port ? { port } : {}), env: { ...env, RATE_LIMITS: "off" } });
  let server: TestServer = await start();
  const url = server.url;
  const port = Number(new URL(url).port);
  // The session is a JWT sealed with the AUTH_SECRET kept in the data dir: it outlives a restart.
  const publish = await signInPublisher(url);
  return {
    kind: "app",
    urls: [url],
    publish,
    takeDown: (signal) => (signal === "SIGKILL" ? server.kill() : server.stop().then(() => undefined)),
    async bringUp() {
      const starting = start(port);
      const answeredAt = await waitUntilAnswering(`${url}/api/health`, starting);
      server = await starting;
      return answeredAt;
    },
    stop: () => server.stop().then(() => undefined),
  };
}

/** The bare Socket.IO floor, restarted the same way (it has no data to keep). */
export async function startRestartableFloor(): Promise<RestartableTarget> {
  let floor: FloorProcess = await spawnFloorServer();
  const url = floor.url;
  const port = Number(new URL(url).port);
  return {
    kind: "floor",
    urls: [url],
    publish: (alert) => publishToFloor(url, alert),
    takeDown: (signal) => floor.stop(signal),
    async bringUp() {
      const starting = spawnFloorServer({ port });
      const answeredAt = await waitUntilAnswering(`${url}/health`, starting);
      floor = await starting;
      return answeredAt;
    },
    stop: () => floor.stop("SIGTERM"),
  };
}
