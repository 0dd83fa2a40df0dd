import type { ChannelRef } from "@/lib/realtime/contract";

// What the orchestrator (run.ts) and its load-generator processes say to each other over the
// IPC channel of `fork`. One generator holds a share of the readers of one measurement.

/** One socket: which server it connects to, as whom (a member's session cookie, or none: a visitor), and what it subscribes to. */
export type ReaderPlan = { url: string; cookie?: string; channels: ChannelRef[] };

/** One published alert: `text` identifies it on receipt; a reader expects it when it subscribed to one of `channelKeys`. */
export type AlertPlan = { index: number; text: string; channels: ChannelRef[]; channelKeys: string[] };

export type GeneratorCommand =
  | { type: "start"; readers: ReaderPlan[]; alerts: AlertPlan[]; timeoutMs: number }
  | { type: "report" }
  | { type: "stop" };

/** `failed` readers gave up after several attempts; `retries` counts the attempts that failed before one succeeded. */
export type StormResult = { startedAt: number; endedAt: number; connected: number; failed: number; retries: number; firstError?: string };

export type GeneratorReport = {
  /** Per alert index, the receipt time (epoch ms, see `nowMs`) of each reader's first copy. */
  receipts: Record<number, number[]>;
  /** Copies expected but never received. */
  lost: number;
  /** Copies received by a reader that did not subscribe to the alert's channels (a leak). */
  unexpected: number;
  /** Second and later copies of one alert on one socket. */
  duplicates: number;
  /** Readers the server dropped after they had subscribed. */
  disconnects: number;
};

export type GeneratorEvent =
  | { type: "loaded" }
  | ({ type: "ready" } & StormResult)
  | { type: "alertComplete"; index: number }
  | ({ type: "report" } & GeneratorReport);

/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one
 * machine: every process's `timeOrigin` is an absolute epoch time, and `now()` is monotonic from it.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
