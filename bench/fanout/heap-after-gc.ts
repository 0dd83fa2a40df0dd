// What a server keeps, as opposed to what it has not yet collected: its JavaScript heap and
// resident set right after two full garbage collections, forced through the V8 inspector.
//
// The benchmark's first memory figure, the growth of the resident set a second after the storm,
// moves with when V8 last collected (1.6x to 2.6x of the floor's in runs of one build: see
// docs/BENCHMARKS.md, "Memory per reader after a full garbage collection"). Both servers are
// measured the same way: each is started with its inspector's port set (`inspectArgs`) but not
// listening; the first measurement opens it with SIGUSR1 (Node's documented way to start the
// inspector of a running process), and each measurement is a short inspector session.
// BENCH_HEAP_SNAPSHOT_DIR: also write a heap snapshot of each process at each measurement there
// (open in Chrome's DevTools, or compare two by constructor: what a reader keeps, and who holds it).
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";

/** A server process and the port its inspector opens on. */
export type Inspectable = { pid: number; inspectPort: number };

export type HeapAfterGc = { heapUsedBytes: number; rssBytes: number };

/** A port free now, for a child's inspector (another process could take it first: unlikely on a bench machine). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("no free port");
  return address.port;
}

/** Node's flag that sets the inspector's port without opening it. */
export function inspectArgs(port: number): string[] {
  return [`--inspect-port=127.0.0.1:${port}`];
}

/** The processes' heap and resident set after two full collections each, summed. */
export async function measureHeapAfterGc(processes: Inspectable[]): Promise<HeapAfterGc> {
  let heapUsedBytes = 0;
  let rssBytes = 0;
  // One at a time: on two cores, collecting in both instances at once would slow each.
  for (const target of processes) {
    const usage = await collectAndRead(target);
    heapUsedBytes += usage.heapUsed;
    rssBytes += usage.rss;
  }
  return { heapUsedBytes, rssBytes };
}

async function collectAndRead({ pid, inspectPort }: Inspectable): Promise<NodeJS.MemoryUsage> {
  process.kill(pid, "SIGUSR1");
  const session = await openSession(await debuggerUrl(inspectPort));
  try {
    // Twice: the first full collection can leave objects whose finalizers free more.
    await session.call("HeapProfiler.collectGarbage");
    await session.call("HeapProfiler.collectGarbage");
    const result = await session.call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
    const value = (result as { result?: { value?: unknown } }).result?.value;
    if (typeof value !== "string") throw new Error(`process ${pid}: the inspector answered ${JSON.stringify(result)}`);
    const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
    if (snapshotDir) writeFileSync(path.join(snapshotDir, `${pid}-${Date.now()}.heapsnapshot`), await session.heapSnapshot());
    return JSON.parse(value) as NodeJS.MemoryUsage;
  } finally {
    session.close();
  }
}

/** The process's one inspector target, once its inspector listens (it opens on SIGUSR1, not at once). */
async function debuggerUrl(port: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/list`);
      const targets = (await response.json()) as { webSocketDebuggerUrl?: string }[];
      const url = targets[0]?.webSocketDebuggerUrl;
      if (url) return url;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no inspector on port ${port}`, { cause: error });
    }
    await sleep(100);
  }
}

type Session = { call: (method: string, params?: object) => Promise<unknown>; heapSnapshot: () => Promise<string>; close: () => void };

async function openSession(url: string): Promise<Session> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let lastId = 0;
  let snapshotChunks: string[] = [];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on("message", (data) => {
    const reply = JSON.parse(String(data)) as { id?: number; method?: string; params?: { chunk?: string }; result?: unknown; error?: { message: string } };
    if (reply.method === "HeapProfiler.addHeapSnapshotChunk") snapshotChunks.push(reply.params?.chunk ?? "");
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id!);
    if (reply.error) waiter.reject(new Error(reply.error.message));
    else waiter.resolve(reply.result);
  });
  const call = (method: string, params = {}) =>
    new Promise<unknown>((resolve, reject) => {
      lastId += 1;
      pending.set(lastId, { resolve, reject });
      socket.send(JSON.stringify({ id: lastId, method, params }));
    });
  return {
    call,
    async heapSnapshot() {
      snapshotChunks = [];
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      return snapshotChunks.join("");
    },
    close: () => socket.close(),
  };
}
