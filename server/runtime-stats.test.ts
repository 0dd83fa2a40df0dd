import { pino } from "pino";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { startRuntimeStatsLog } from "./runtime-stats";

describe("startRuntimeStatsLog", () => {
  it("logs memory and event-loop delay each interval, the delay net of the sampling interval", async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const stop = startRuntimeStatsLog(pino({ level: "info" }, sink), 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      // Block the loop for ~60 ms: the max delay must show it.
      const until = Date.now() + 60;
      while (Date.now() < until);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      stop();
    }
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const line = lines.at(-1)!;
    expect(line).toMatchObject({ msg: "runtime stats", rssBytes: expect.any(Number), heapUsedBytes: expect.any(Number) });
    const sinceStart = line.eventLoopDelaySinceStart as { p50Ms: number; maxMs: number };
    expect(sinceStart.maxMs).toBeGreaterThanOrEqual(40);
    // Without taking off the 10 ms sampling interval every sample would be 10 ms or more.
    expect(sinceStart.p50Ms).toBeLessThan(9);
  });
});
