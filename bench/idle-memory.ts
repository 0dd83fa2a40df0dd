// `npm run bench:memory`: the production server's resident memory when idle, on its embedded
// defaults, against the bare floor server's in the same run (docs/BENCHMARKS.md, "Idle memory").
// The first start creates the data dir (initdb); the later start reopens it.
//
//   npm run bench:memory
//   npm run bench:memory -- --repeat 3
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { api } from "@/test/support/http";
import { startTestServer } from "@/test/support/server";
import { ensureBuild } from "./ensure-build";
import { startFloorTarget, readRssBytes } from "./fanout/targets";
import { formatFixedRows, type FixedRow } from "./publish-fixed/rows";

const MB = 1024 * 1024;

/** A process and all its descendants (from /proc), so memory held by child processes counts too. */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1) {
    const current = tree[index]!;
    for (const task of safeReaddir(`/proc/${current}/task`)) {
      const children = safeRead(`/proc/${current}/task/${task}/children`).trim();
      if (children) tree.push(...children.split(/\s+/).map(Number));
    }
  }
  return tree;
}

/**
 * Waits until the tree's resident memory stops moving (less than 2 MB over 5 s, sampled each
 * second, at most `maxSeconds`) and returns it: what the server holds when nothing happens.
 */
export async function settledRss(pid: number, maxSeconds = 40): Promise<number> {
  const samples: number[] = [];
  for (let second = 0; second < maxSeconds; second += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    samples.push(readRssBytes(processTree(pid).map((id) => ({ pid: id }))));
    const window = samples.slice(-6);
    if (window.length === 6 && Math.max(...window) - Math.min(...window) < 2 * MB) break;
  }
  return samples[samples.length - 1]!;
}

/** The idle figures for the product's first start (new data dir) and a later start (same dir), and the floor's. */
export async function measureIdleMemory(options: { log?: (message: string) => void } = {}): Promise<FixedRow[]> {
  const log = options.log ?? (() => undefined);
  const floor = await startFloorTarget();
  let floorRss: number;
  try {
    floorRss = await settledRss(floor.processes[0]!.pid);
  } finally {
    await floor.stop();
  }
  log(`floor idle: ${(floorRss / MB).toFixed(0)} MB`);

  const dataDir = mkdtempSync(path.join(tmpdir(), "newsflash-idle-memory-"));
  try {
    const first = await idleAppRss(dataDir);
    log(`first start idle: ${(first / MB).toFixed(0)} MB`);
    const later = await idleAppRss(dataDir);
    log(`later start idle: ${(later / MB).toFixed(0)} MB`);
    return [
      { figure: "idle memory, first start (new data dir)", floor: floorRss / MB, product: first / MB, unit: "MB" },
      { figure: "idle memory, later start (same data dir)", floor: floorRss / MB, product: later / MB, unit: "MB" },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Starts the server on `dataDir`, asks for the reader's pages once (as a first visitor would), and reads its idle memory. */
async function idleAppRss(dataDir: string): Promise<number> {
  const server = await startTestServer({ dataDir });
  try {
    for (const page of ["/", "/alerts", "/api/alerts/active"]) {
      const response = await api(server.url, page);
      if (response.status !== 200) throw new Error(`GET ${page} answered ${response.status}`);
    }
    return await settledRss(server.pid);
  } finally {
    await server.stop();
  }
}

function safeReaddir(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename;
if (isMain) {
  const { values: flags } = parseArgs({ options: { repeat: { type: "string", default: "1" } } });
  const log = (message: string) => console.error(`[bench:memory] ${message}`);
  const loadavg = () => os.loadavg().map((load) => load.toFixed(2)).join(", ");
  void (async () => {
    await ensureBuild(log);
    for (let run = 1; run <= Number(flags.repeat); run += 1) {
      const before = loadavg();
      const rows = await measureIdleMemory({ log });
      console.log(`run ${run}, load average before/after: ${before} / ${loadavg()}`);
      console.log(formatFixedRows(rows));
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
