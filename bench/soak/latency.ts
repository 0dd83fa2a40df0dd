import type { LatencyBuckets } from "./protocol";

export function recordLatency(buckets: LatencyBuckets, ms: number): void {
  const key = String(Math.max(0, Math.round(ms)));
  buckets[key] = (buckets[key] ?? 0) + 1;
}

export function mergeLatency(into: LatencyBuckets, from: LatencyBuckets): LatencyBuckets {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
}

export type LatencySummary = { count: number; p50Ms: number; p99Ms: number; maxMs: number };

export function summarizeLatency(buckets: LatencyBuckets): LatencySummary {
  const entries = Object.entries(buckets)
    .map(([key, count]) => [Number(key), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const count = entries.reduce((sum, [, n]) => sum + n, 0);
  const at = (fraction: number) => {
    let seen = 0;
    for (const [ms, n] of entries) {
      seen += n;
      if (seen >= fraction * count) return ms;
    }
    return entries.at(-1)?.[0] ?? 0;
  };
  return { count, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: entries.at(-1)?.[0] ?? 0 };
}
