import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { SERVER_BUNDLE, SERVER_LAUNCHER } from "../../scripts/server-bundle.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type TestServer = {
  url: string;
  dataDir: string;
  /** The server's own process id (benchmarks read its memory). */
  pid: number;
  /** Output so far, for failure messages. */
  output: () => string;
  /** SIGTERM, and wait for a clean exit; returns the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL, as a crash would: no goodbye to clients, the database or other instances. */
  kill: () => Promise<void>;
};

/**
 * Starts the real production server as `npm start` does (the compiled server, SERVER_BUNDLE, with
 * the built Next app and the embedded database, through SERVER_LAUNCHER and its memory settings;
 * `nodeArgs` go to node, and the node is this process's own) on a free port with a fresh data dir, unless one
 * is given (restart tests). Vitest compiles the server before the suite (test/support/build-server.ts),
 * the benchmarks in bench/ensure-build.ts.
 */
export async function startTestServer(
  options: {
    dataDir?: string;
    port?: number;
    env?: Record<string, string>;
    nodeArgs?: string[];
    /** Called with each line the server writes (stdout and stderr), e.g. to follow its logs. */
    onLine?: (line: string) => void;
  } = {},
): Promise<TestServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !existsSync(path.join(ROOT, SERVER_BUNDLE))) {
    throw new Error("No production build: run `npm run build` before the integration tests (npm test does).");
  }
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "newsflash-test-"));
  // The launcher execs node: the child's pid is the server's own.
  const child = spawn("sh", [SERVER_LAUNCHER, ...(options.nodeArgs ?? [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE: process.execPath,
      NODE_ENV: "production",
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      AUTH_SECRET: "",
      VAPID_PUBLIC_KEY: "",
      VAPID_PRIVATE_KEY: "",
      DATABASE_URL: "",
      REDIS_URL: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  if (options.onLine) {
    createInterface({ input: child.stdout }).on("line", options.onLine);
    createInterface({ input: child.stderr }).on("line", options.onLine);
  }

  const url = await waitForReady(child, () => output);
  return {
    url,
    dataDir,
    pid: child.pid ?? 0,
    output: () => output,
    stop: () => stopChild(child),
    kill: () => killChild(child),
  };
}

function waitForReady(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in time:\n${output()}`)), 90_000);
    const onData = () => {
      for (const line of output().split("\n")) {
        if (!line.includes('"Newsflash is ready"')) continue;
        const parsed = JSON.parse(line) as { url: string };
        cleanup();
        resolve(parsed.url);
        return;
      }
    };
    const onExit = (code: number | null) => fail(new Error(`server exited with ${code} before it was ready:\n${output()}`));
    const fail = (error: Error) => {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill("SIGTERM");
  });
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}
