import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Measurement } from "@/bench/fanout/measure";
import type { Pair } from "@/bench/fanout/report";
import { runBench } from "./support/run-bench";

// Keeps `npm run bench` working: a tiny run of the real harness (floor and product, 100
// readers). Times on these shared machines say nothing, so only completeness is asserted.

const workDir = mkdtempSync(path.join(tmpdir(), "newsflash-bench-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

it("measures 100 readers against the floor and the product with nothing lost", async () => {
  const jsonPath = path.join(workDir, "results.json");
  const { code, output } = await runBench(["--scenario", "fanout", "--readers", "100", "--alerts", "3", "--member-pool", "4", "--json", jsonPath]);
  expect(code, output).toBe(0);
  expect(output).toContain("| readers | run | figure | floor | app | app / floor |");

  const { pairs } = JSON.parse(readFileSync(jsonPath, "utf8")) as { pairs: Pair[] };
  expect(pairs).toHaveLength(1);
  for (const measurement of [pairs[0]!.floor, pairs[0]!.app]) {
    expect(measurement).toMatchObject({ readers: 100, connected: 100, alerts: 3, lost: 0, leaked: 0, duplicates: 0 });
    // Every reader got all three measured alerts: 100 readers x 3, less the members whose types an alert missed.
    expect(measurement.fanout.count).toBeGreaterThanOrEqual(3 * 60);
    expect(measurement.publish.count).toBe(3);
    for (const figure of figures(measurement)) expect(Number.isFinite(figure), JSON.stringify(measurement)).toBe(true);
  }
}, 120_000);

function figures(measurement: Measurement): number[] {
  const { fanout, publish } = measurement;
  return [fanout.p50, fanout.p95, fanout.p99, fanout.max, publish.p50, publish.p95, publish.p99, publish.max, measurement.stormMs, measurement.memoryPerReaderBytes];
}
