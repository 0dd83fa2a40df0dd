import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { Logger } from "pino";

export type DelayStats = { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number };

/** What is read of an event-loop delay histogram (Node's `monitorEventLoopDelay`). */
export type DelayMonitor = Pick<IntervalHistogram, "enable" | "disable" | "reset" | "count" | "percentile" | "max" | "mean">;

/**
 * Logs the process's memory and event-loop delay every `intervalMs` ("runtime stats" lines),
 * for the soak (bench/soak.ts, docs/SOAK.md) and for operators who want them. Off unless
 * STATS_LOG_INTERVAL_MS is set: it is a diagnostic, not part of the product's behaviour.
 * Each line has the delay over the last interval and over the whole time since it started.
 */
export function startRuntimeStatsLog(
  logger: Logger,
  intervalMs: number,
  { createMonitor = () => monitorEventLoopDelay({ resolution: RESOLUTION_MS }) }: { createMonitor?: () => DelayMonitor } = {},
): () => void {
  // Two monitors, because an interval histogram can't be merged into another (Node refuses
  // to `add` one): one reset after every line, one never.
  const interval = createMonitor();
  const sinceStart = createMonitor();
  interval.enable();
  sinceStart.enable();
  const timer = setInterval(() => {
    const memory = process.memoryUsage();
    logger.info(
      {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        eventLoopDelay: summarizeDelay(interval),
        eventLoopDelaySinceStart: summarizeDelay(sinceStart),
      },
      "runtime stats",
    );
    interval.reset();
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    interval.disable();
    sinceStart.disable();
  };
}

/** The sampling interval of the delay monitors. */
export const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

export function summarizeDelay(histogram: DelayMonitor): DelayStats {
  // An empty histogram reports NaN for its mean and huge numbers for its percentiles.
  if (histogram.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
  // Each sample is the time between two ticks of a RESOLUTION_MS timer: the delay is what
  // exceeds the resolution (as @fastify/under-pressure reports it).
  const round = (ns: number) => Math.max(0, Math.round((ns / NS_PER_MS - RESOLUTION_MS) * 100) / 100);
  return {
    p50Ms: round(histogram.percentile(50)),
    p99Ms: round(histogram.percentile(99)),
    maxMs: round(histogram.max),
    meanMs: round(histogram.mean),
  };
}
