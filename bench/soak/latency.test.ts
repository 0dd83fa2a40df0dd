import { describe, expect, it } from "vitest";
import { mergeLatency, recordLatency, summarizeLatency } from "./latency";
import type { LatencyBuckets } from "./protocol";

describe("soak latency buckets", () => {
  it("merges buckets from several processes and reads percentiles from them", () => {
    const a: LatencyBuckets = {};
    const b: LatencyBuckets = {};
    for (let ms = 1; ms <= 98; ms += 1) recordLatency(a, ms);
    recordLatency(b, 500.4);
    recordLatency(b, 1_000);
    expect(summarizeLatency(mergeLatency(a, b))).toEqual({ count: 100, p50Ms: 50, p99Ms: 500, maxMs: 1_000 });
    expect(summarizeLatency({})).toEqual({ count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });
});
