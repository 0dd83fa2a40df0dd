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

export type ReaderTally = {
  readers: number;
  /** (reader, channel, alert) triples that had to arrive / did arrive / never did. */
  expected: number;
  received: number;
  lost: number;
  lostSamples: string[];
  /** The same message twice on one reader (the browser client drops these; counted, not lost). */
  duplicates: number;
  /** Messages of alerts the publisher did not see accepted. */
  unexpected: number;
  churns: number;
  unexpectedDisconnects: number;
  subscribeFailures: number;
  incompleteReplays: number;
  liveLatency: LatencyBuckets;
  catchUpLatency: LatencyBuckets;
};

export type FromReaders =
  | { type: "connected"; readers: number; failures: number }
  | { type: "settled"; tally: ReaderTally }
  | { type: "error"; message: string };
