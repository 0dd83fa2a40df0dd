import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RESOLUTION_MS, startRuntimeStatsLog, summarizeDelay, type DelayMonitor } from "./runtime-stats";

const NS_PER_MS = 1e6;

/** A delay histogram holding samples (in ms, as Node's monitor measures them: delay plus resolution). */
function fakeMonitor(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const calls = { reset: 0, enabled: false };
  const monitor: DelayMonitor = {
    enable: () => ((calls.enabled = true), true),
    disable: () => ((calls.enabled = false), true),
    reset: () => void (calls.reset += 1),
    count: sorted.length,
    percentile: (p: number) => (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) * NS_PER_MS,
    max: (sorted.at(-1) ?? 0) * NS_PER_MS,
    mean: (sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1)) * NS_PER_MS,
  };
  return { monitor, calls };
}

describe("summarizeDelay", () => {
  it("reports the delay net of the sampling interval, never below zero", () => {
    const samples = [RESOLUTION_MS + 1, RESOLUTION_MS + 1, RESOLUTION_MS + 3, RESOLUTION_MS + 60, RESOLUTION_MS - 0.5];
    expect(summarizeDelay(fakeMonitor(samples).monitor)).toEqual({ p50Ms: 1, p99Ms: 60, maxMs: 60, meanMs: 12.9 });
    expect(summarizeDelay(fakeMonitor([RESOLUTION_MS - 0.5]).monitor)).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 });
  });

  it("reports zeros for an empty histogram (whose own figures are NaN and huge)", () => {
    const empty: DelayMonitor = { ...fakeMonitor([]).monitor, count: 0, mean: Number.NaN, percentile: () => 9.2e18, max: 9.2e18 };
    expect(summarizeDelay(empty)).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 });
  });
});

describe("startRuntimeStatsLog", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("logs memory and both delays each interval, restarts the interval's histogram after each line, and stops", () => {
    vi.useFakeTimers();
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const interval = fakeMonitor([RESOLUTION_MS + 2]);
    const sinceStart = fakeMonitor([RESOLUTION_MS + 2, RESOLUTION_MS + 50]);
    const monitors = [interval.monitor, sinceStart.monitor];
    const stop = startRuntimeStatsLog(pino({ level: "info" }, sink), 1000, { createMonitor: () => monitors.shift()! });
    expect([interval.calls.enabled, sinceStart.calls.enabled]).toEqual([true, true]);

    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: "runtime stats",
      rssBytes: expect.any(Number),
      heapUsedBytes: expect.any(Number),
      heapTotalBytes: expect.any(Number),
      eventLoopDelay: { p50Ms: 2, p99Ms: 2, maxMs: 2, meanMs: 2 },
      eventLoopDelaySinceStart: { p50Ms: 2, p99Ms: 50, maxMs: 50, meanMs: 26 },
    });
    expect([interval.calls.reset, sinceStart.calls.reset]).toEqual([1, 0]);

    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(2);
    expect([interval.calls.reset, sinceStart.calls.reset]).toEqual([2, 0]);

    stop();
    expect([interval.calls.enabled, sinceStart.calls.enabled]).toEqual([false, false]);
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(2);
  });
});
