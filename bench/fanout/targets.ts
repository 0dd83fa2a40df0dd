import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ChannelRef } from "@/lib/realtime/contract";
import { api, demoAdmin, signIn } from "@/test/support/http";
import { startTestServer, type TestServer } from "@/test/support/server";
import { waitUntilInstancesMeet } from "./cluster-ready";
import { freePort, inspectArgs, type Inspectable } from "./heap-after-gc";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type AlertBody = { text: string; color: string; channels: ChannelRef[] };

/** What a publish answered: per channel, how many sockets it was sent to (on every instance). */
export type Delivery = { channel: ChannelRef; recipients: number };

/**
 * What a measurement runs against: the servers readers connect to (round-robin, so a
 * several-instance deployment is a longer list), the processes whose memory is read, and how
 * an alert is published.
 */
export type Target = {
  kind: "floor" | "app";
  urls: string[];
  /** Its server processes: their memory is read, and their heap after a full collection (heap-after-gc.ts). */
  processes: Inspectable[];
  /** Resolves with the answer's deliveries once the response has been read; throws on anything but 201. */
  publish: (alert: AlertBody) => Promise<Delivery[]>;
  stop: () => Promise<void>;
};

/**
 * The product's production server, one instance per data dir. On its embedded defaults (no
 * `env`) that is PGlite in the data dir, which is reused across sizes so the member accounts
 * and their cookies (the auth secret lives there) survive restarts. With a shared PostgreSQL
 * and Redis in `env` (test/scale/support/services.ts) several instances act as one; alerts are
 * published through the first. Rate limits are off: every reader comes from the one loopback address.
 */
export async function startAppTarget(options: { dataDirs: string[]; env?: Record<string, string> }): Promise<Target & { url: string }> {
  // BENCH_CPU_PROF_DIR: write a V8 CPU profile of each product server there (to find the slow path).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const servers: TestServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    // One after the other: on two cores, starting them together only makes each start slower.
    const processes: Inspectable[] = [];
    for (const dataDir of options.dataDirs) {
      const inspectPort = await freePort();
      const server = await startTestServer({ dataDir, nodeArgs: [...nodeArgs, ...inspectArgs(inspectPort)], env: { ...options.env, RATE_LIMITS: "off" } });
      servers.push(server);
      processes.push({ pid: server.pid, inspectPort });
    }
    const publisher = servers[0]!;
    const publish = await signInPublisher(publisher.url);
    if (servers.length > 1) await waitUntilInstancesMeet(servers.slice(1).map((server) => server.url), publish);
    return { kind: "app", url: publisher.url, urls: servers.map((server) => server.url), processes, publish, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Signs the demo admin in at `url` and returns how to publish there (`POST /api/alerts`) with that session. */
export async function signInPublisher(url: string): Promise<(alert: AlertBody) => Promise<Delivery[]>> {
  const cookie = await signIn(url, demoAdmin.email, demoAdmin.password);
  if (!cookie) throw new Error("the demo admin could not sign in");
  return async (alert) => {
    const response = await api<{ deliveries: Delivery[] }>(url, "/api/alerts", { method: "POST", body: alert, cookie });
    if (response.status !== 201) throw new Error(`POST /api/alerts answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.deliveries;
  };
}

/** The bare Socket.IO server of floor-server.ts; `withAcks`: its readers ack every message, as the product's do. */
export async function startFloorTarget(options: { withAcks?: boolean } = {}): Promise<Target> {
  const floor = await spawnFloorServer(options);
  return { kind: "floor", urls: [floor.url], processes: [floor], publish: (alert) => publishToFloor(floor.url, alert), stop: () => floor.stop("SIGTERM") };
}

export type FloorProcess = Inspectable & { url: string; stop: (signal: NodeJS.Signals) => Promise<void> };

/** Starts floor-server.ts (on `port`, or a free one) and resolves once it listens. */
export async function spawnFloorServer(options: { withAcks?: boolean; port?: number } = {}): Promise<FloorProcess> {
  // BENCH_CPU_PROF_DIR: the floor's V8 CPU profile too, to set the product's beside it.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const profileArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const inspectPort = await freePort();
  const child = spawn(process.execPath, [...profileArgs, ...inspectArgs(inspectPort), "--import", "tsx", "bench/fanout/floor-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, FLOOR_ACKS: options.withAcks ? "1" : "0", PORT: String(options.port ?? 0) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((candidate) => candidate.includes('"ready"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`floor server exited with ${code}: ${output}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    inspectPort,
    stop: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}

export async function publishToFloor(url: string, alert: AlertBody): Promise<Delivery[]> {
  const response = await api<{ deliveries: Delivery[] }>(url, "/publish", { method: "POST", body: alert });
  if (response.status !== 201) throw new Error(`floor /publish answered ${response.status}`);
  return response.body.deliveries;
}

/** Resident set size of the processes, in bytes, from /proc (Linux). */
export function readRssBytes(processes: { pid: number }[]): number {
  let total = 0;
  for (const { pid } of processes) {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (!kilobytes) throw new Error(`no VmRSS for process ${pid}`);
    total += Number(kilobytes) * 1024;
  }
  return total;
}
