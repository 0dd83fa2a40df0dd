// A reader process of the soak: many socket.io-client readers in one process, driven by the
// soak over IPC (protocol.ts), so the server's event loop is measured apart from theirs.
import type { FromReaders, ReaderSpec, ReaderTally, ToReaders } from "./protocol";
import { Reader, sleep, type ReaderStats } from "./reader";

const CONNECT_BATCH = 50;

const stats: ReaderStats = {
  duplicates: 0,
  churns: 0,
  unexpectedDisconnects: 0,
  subscribeFailures: 0,
  slowSubscribes: 0,
  incompleteReplays: 0,
  liveLatency: {},
  catchUpLatency: {},
};
let readers: Reader[] = [];
let churnTimer: NodeJS.Timeout | undefined;
/** Churns scheduled within the current interval and not begun yet, by reader. */
const pendingChurns = new Map<Reader, NodeJS.Timeout>();

function send(message: FromReaders): void {
  process.send?.(message);
}

async function connectAll(url: string, specs: ReaderSpec[]): Promise<void> {
  readers = specs.map((spec) => new Reader(url, spec, stats));
  let failures = 0;
  // In batches: two thousand handshakes at once would measure a thundering herd, not a soak.
  for (let start = 0; start < readers.length; start += CONNECT_BATCH) {
    const batch = readers.slice(start, start + CONNECT_BATCH);
    const results = await Promise.allSettled(batch.map((reader) => reader.connect()));
    failures += results.filter((result) => result.status === "rejected").length;
  }
  send({ type: "connected", readers: readers.filter((reader) => reader.isSubscribed).length, failures });
}

function startChurn(everyMs: number, fraction: number, [minOffline, maxOffline]: [number, number]): void {
  churnTimer = setInterval(() => {
    const candidates = readers.filter((reader) => !reader.isChurning);
    const count = Math.round(readers.length * fraction);
    for (const reader of pickRandom(candidates, count)) {
      // Spread over the interval: real readers don't drop in lockstep, and a burst of
      // hundreds of handshakes in one instant would measure that burst instead.
      reader.isChurning = true;
      const timer = setTimeout(() => {
        pendingChurns.delete(reader);
        void reader.churn(minOffline + Math.random() * (maxOffline - minOffline)).catch((error: unknown) => {
          send({ type: "error", message: `churn failed: ${String(error)}` });
        });
      }, Math.random() * everyMs);
      pendingChurns.set(reader, timer);
    }
  }, everyMs);
}

/** Stops churning, waits for every reader to be back, then for the expected alerts (or the timeout), and counts. */
async function settle(expected: Record<string, number[]>, timeoutMs: number): Promise<void> {
  clearInterval(churnTimer);
  for (const [reader, timer] of pendingChurns) {
    clearTimeout(timer);
    reader.isChurning = false;
  }
  pendingChurns.clear();
  const deadline = Date.now() + timeoutMs;
  const isComplete = () =>
    readers.every(
      (reader) => reader.isSubscribed && !reader.isChurning && missingOf(reader, expected).length === 0,
    );
  while (!isComplete() && Date.now() < deadline) await sleep(200);
  send({ type: "settled", tally: tally(expected) });
}

function missingOf(reader: Reader, expected: Record<string, number[]>): string[] {
  const missing: string[] = [];
  for (const [key, received] of reader.received) {
    for (const sequence of expected[key] ?? []) if (!received.has(sequence)) missing.push(`${key}#${sequence}`);
  }
  return missing;
}

function tally(expected: Record<string, number[]>): ReaderTally {
  let expectedCount = 0;
  let received = 0;
  let unexpected = 0;
  const lostSamples: string[] = [];
  for (const reader of readers) {
    for (const [key, seen] of reader.received) {
      const wanted = new Set(expected[key] ?? []);
      expectedCount += wanted.size;
      for (const sequence of seen) {
        if (wanted.has(sequence)) received += 1;
        else unexpected += 1;
      }
    }
    const missing = missingOf(reader, expected);
    if (missing.length && lostSamples.length < 10) lostSamples.push(`reader ${reader.spec.index}: ${missing.slice(0, 5).join(", ")}`);
  }
  return {
    readers: readers.length,
    expected: expectedCount,
    received,
    lost: expectedCount - received,
    lostSamples,
    unexpected,
    ...stats,
  };
}

function pickRandom<T>(items: T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

process.on("message", (message: ToReaders) => {
  const run = async () => {
    switch (message.type) {
      case "connect":
        return connectAll(message.url, message.readers);
      case "start-churn":
        return startChurn(message.everyMs, message.fraction, message.offlineMs);
      case "settle":
        return settle(message.expected, message.timeoutMs);
      case "exit":
        for (const reader of readers) reader.close();
        process.exit(0);
    }
  };
  run().catch((error: unknown) => send({ type: "error", message: String(error) }));
});
// The soak went away (or crashed): don't linger.
process.on("disconnect", () => process.exit(0));
