import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const SITE_CONFIG = path.resolve(import.meta.dirname, "../../../deploy/nginx.conf");
const COMPOSE_FILE = path.resolve(import.meta.dirname, "../../../deploy/compose.yaml");

export const hasNginx = spawnSync("nginx", ["-v"]).status === 0;

export type RunningNginx = { url: string; stop: () => Promise<void> };

/**
 * Runs nginx with deploy/nginx.conf as it ships, except for the addresses: it listens on a free
 * loopback port and its upstream is the given instances instead of compose's app1 and app2.
 * `workerConnections` (default 256): a benchmark's thousands of readers need two each (the
 * reader's and the upstream one).
 */
export async function startNginx(backendUrls: [string, string], options: { workerConnections?: number } = {}): Promise<RunningNginx> {
  const workerConnections = options.workerConnections ?? 256;
  const dir = mkdtempSync(path.join(tmpdir(), "newsflash-nginx-"));
  mkdirSync(path.join(dir, "temp"));
  const port = await freePort();
  const [first, second] = backendUrls.map((url) => new URL(url).host);
  const site = readFileSync(SITE_CONFIG, "utf8")
    .replace("server app1:3000", `server ${first}`)
    .replace("server app2:3000", `server ${second}`)
    .replace("listen 80;", `listen 127.0.0.1:${port};`);
  if (site.includes("app1:") || site.includes("app2:") || site.includes("listen 80;")) throw new Error("deploy/nginx.conf changed shape: update test/scale/support/nginx.ts");
  writeFileSync(path.join(dir, "site.conf"), site);
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
worker_rlimit_nofile ${workerConnections + 64};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${workerConnections}; }
http {
  access_log off;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  include ${dir}/site.conf;
}
`,
  );
  const child: ChildProcess = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { stdio: "ignore" });
  await waitForPort(port, () => readErrorLog(dir));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGQUIT"); // graceful: finish the open connections' current requests
          setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The settings deploy/compose.yaml gives every instance as fixed values (e.g. TRUST_PROXY), so
 * the instances behind the shipped nginx.conf run as the shipped compose file runs them.
 * Values taken from the deployer's environment (`${...}`) are left out, and the test's own
 * service addresses go over compose's (REDIS_URL).
 */
export function shippedInstanceSettings(): Record<string, string> {
  const compose = readFileSync(COMPOSE_FILE, "utf8");
  const block = /^x-app: &app\n[\s\S]*?^ {2}environment:\n((?: {4}.*\n)+)/m.exec(compose)?.[1];
  if (!block) throw new Error("deploy/compose.yaml changed shape: update test/scale/support/nginx.ts");
  const settings: Record<string, string> = {};
  for (const line of block.split("\n")) {
    const setting = /^ {4}([A-Z_]+): "?([^"$]*)"?$/.exec(line);
    if (setting) settings[setting[1]!] = setting[2]!;
  }
  return settings;
}

function readErrorLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, "error.log"), "utf8");
  } catch {
    return "";
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (isOpen) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
