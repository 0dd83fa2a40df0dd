// Messages between the soak (bench/soak.ts) and its reader processes (bench/soak/readers.ts),
// over Node's IPC channel.
import type { ChannelRef } from "@/lib/realtime/contract";

export type ReaderSpec = { index: number; cookie?: string; channels: ChannelRef[] };

export type ToReaders =
  | { type: "connect"; url: string; readers: ReaderSpec[] }
  | { type: "start-churn"; everyMs: number; fraction: number; offlineMs: [number, number] }
  | { type: "settle"; expected: Record<string, number[]>; timeoutMs: number }
  | { type: "exit" };

/** Sparse latency histogram: whole milliseconds -> count (mergeable across processes). */
export type LatencyBuckets = Record<string, number>;

/** What a reader process counts as it goes. */
export type ReaderCounters = {
  /** The same message twice on one reader (the browser client drops these; counted, not lost). */
  duplicates: number;
  churns: number;
  unexpectedDisconnects: number;
  /** Connect-and-subscribe attempts that failed and were retried. */
  subscribeFailures: number;
  /** Subscribe acks slower than the browser client's 10 s request timeout (it would report an error, and still receive). */
  slowSubscribes: number;
  /** Resubscribes whose replay could not fill the whole gap (`replay.complete: false`). */
  incompleteReplays: number;
  liveLatency: LatencyBuckets;
  /** Messages that arrived while the reader was subscribing again (replayed or held). */
  catchUpLatency: LatencyBuckets;
};

export type ReaderTally = ReaderCounters & {
  readers: number;
  /** (reader, channel, alert) triples that had to arrive / did arrive / never did. */
  expected: number;
  received: number;
  lost: number;
  lostSamples: string[];
  /** Messages of alerts the publisher did not see accepted. */
  unexpected: number;
};

export type FromReaders =
  | { type: "connected"; readers: number; failures: number }
  | { type: "settled"; tally: ReaderTally }
  | { type: "error"; message: string };
