import { mergeLatency, summarizeLatency, type LatencySummary } from "./latency";
import type { SoakOptions } from "./flags";
import type { LatencyBuckets, ReaderTally } from "./protocol";
import type { PublishRun } from "./publisher";
import type { DelayStats, RuntimeStats } from "./server-process";

export type MemoryPoint = { rssMb: number; heapUsedMb: number };

export type SoakReport = {
  options: SoakOptions;
  readers: { total: number; members: number; connectFailures: number };
  alerts: { sent: number; accepted: number; failed: PublishRun["failed"]; postLatency: LatencySummary };
  deliveries: { expected: number; received: number; lost: number; duplicates: number; unexpected: number; lostSamples: string[] };
  churn: { reconnections: number; incompleteReplays: number; subscribeFailures: number; slowSubscribes: number; unexpectedDisconnects: number };
  deliveryLatency: { live: LatencySummary; catchUp: LatencySummary };
  serverMemory: { start: MemoryPoint; middle: MemoryPoint; end: MemoryPoint; growth: MemoryPoint };
  serverEventLoopDelay: { alertPhase: { p50Ms: number; p99Ms: number; maxMs: number; windows: number }; sinceStart: DelayStats };
  serverErrors: string[];
  readerErrors: string[];
  /** The machine's 1-minute load average when the alerts started and ended: other work skews the figures. */
  loadAverage: { start: number; end: number; cores: number };
};

export function sumTallies(tallies: ReaderTally[]) {
  const live: LatencyBuckets = {};
  const catchUp: LatencyBuckets = {};
  const sum = (pick: (tally: ReaderTally) => number) => tallies.reduce((total, tally) => total + pick(tally), 0);
  for (const tally of tallies) {
    mergeLatency(live, tally.liveLatency);
    mergeLatency(catchUp, tally.catchUpLatency);
  }
  return {
    deliveries: {
      expected: sum((t) => t.expected),
      received: sum((t) => t.received),
      lost: sum((t) => t.lost),
      duplicates: sum((t) => t.duplicates),
      unexpected: sum((t) => t.unexpected),
      lostSamples: tallies.flatMap((t) => t.lostSamples).slice(0, 10),
    },
    churn: {
      reconnections: sum((t) => t.churns),
      incompleteReplays: sum((t) => t.incompleteReplays),
      subscribeFailures: sum((t) => t.subscribeFailures),
      slowSubscribes: sum((t) => t.slowSubscribes),
      unexpectedDisconnects: sum((t) => t.unexpectedDisconnects),
    },
    deliveryLatency: { live: summarizeLatency(live), catchUp: summarizeLatency(catchUp) },
  };
}

export function memoryPoint(stats: RuntimeStats): MemoryPoint {
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rssMb: mb(stats.rssBytes), heapUsedMb: mb(stats.heapUsedBytes) };
}

/**
 * The server's event-loop delay over the windows that fall in the alert phase: the median of
 * the windows' p50s, the worst window's p99 (a conservative p99: windows can't be merged), the max.
 */
export function alertPhaseDelay(windows: RuntimeStats[]) {
  const p50s = windows.map((w) => w.eventLoopDelay.p50Ms).sort((a, b) => a - b);
  return {
    p50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p99Ms: Math.max(0, ...windows.map((w) => w.eventLoopDelay.p99Ms)),
    maxMs: Math.max(0, ...windows.map((w) => w.eventLoopDelay.maxMs)),
    windows: windows.length,
  };
}

export function formatReport(report: SoakReport): string {
  const { options, alerts, deliveries, churn, deliveryLatency, serverMemory, serverEventLoopDelay } = report;
  const latency = (l: LatencySummary) => `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.count} samples)`;
  const memory = (m: MemoryPoint) => `RSS ${m.rssMb} MB, heap ${m.heapUsedMb} MB`;
  return [
    `Newsflash soak: ${report.readers.total} readers (${report.readers.members} signed in as ${options.memberAccounts} members) in ${options.processes} processes, ` +
      `${options.durationMs / 1000} s, an alert every ${options.alertEveryMs / 1000} s, ${options.churnFraction * 100}% of readers reconnecting every ${options.churnEveryMs / 1000} s`,
    `alerts       sent ${alerts.sent}, accepted ${alerts.accepted}, failed ${alerts.failed.length}; POST /api/alerts ${latency(alerts.postLatency)}`,
    `deliveries   expected ${deliveries.expected}, received ${deliveries.received}, LOST ${deliveries.lost}, duplicates ${deliveries.duplicates}, unexpected ${deliveries.unexpected}`,
    ...deliveries.lostSamples.map((sample) => `  lost: ${sample}`),
    `churn        ${churn.reconnections} reconnections, ${churn.incompleteReplays} incomplete replays, ${churn.subscribeFailures} connect retries, ${churn.slowSubscribes} subscribe acks over 10 s, ${churn.unexpectedDisconnects} unexpected disconnects`,
    `latency      live ${latency(deliveryLatency.live)}`,
    `             on catch-up ${latency(deliveryLatency.catchUp)}`,
    `server mem   start ${memory(serverMemory.start)}; middle ${memory(serverMemory.middle)}; end ${memory(serverMemory.end)}; growth ${memory(serverMemory.growth)}`,
    `event loop   alert phase p50 ${serverEventLoopDelay.alertPhase.p50Ms} ms, p99 ${serverEventLoopDelay.alertPhase.p99Ms} ms, max ${serverEventLoopDelay.alertPhase.maxMs} ms (${serverEventLoopDelay.alertPhase.windows} windows of ${options.statsEveryMs / 1000} s); ` +
      `since start p50 ${serverEventLoopDelay.sinceStart.p50Ms} ms, p99 ${serverEventLoopDelay.sinceStart.p99Ms} ms, max ${serverEventLoopDelay.sinceStart.maxMs} ms`,
    `machine      load average ${report.loadAverage.start} at the start, ${report.loadAverage.end} at the end, on ${report.loadAverage.cores} cores`,
    `errors       server ${report.serverErrors.length}, readers ${report.readerErrors.length}`,
    ...[...report.serverErrors, ...report.readerErrors].slice(0, 5).map((line) => `  ${line.slice(0, 300)}`),
  ].join("\n");
}
