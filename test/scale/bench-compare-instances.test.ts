import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { InstanceComparison } from "@/bench/fanout/report";
import { runBench as runAnyBench } from "../bench/support/run-bench";
import { SCALE_DATABASE_URL, SCALE_REDIS_URL } from "./support/services";

// Keeps `npm run bench -- --compare-instances` working: a tiny run (floor, one instance, two
// instances on this run's PostgreSQL and Redis). Times say nothing here; completeness and the
// cross-instance counts do.

const workDir = mkdtempSync(path.join(tmpdir(), "newsflash-bench-compare-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

it("measures 100 readers on one instance and on two with nothing lost and recipients counted across both", async () => {
  const jsonPath = path.join(workDir, "results.json");
  const { code, output } = await runBench(["--readers", "100", "--alerts", "3", "--member-pool", "4", "--json", jsonPath], {
    BENCH_DATABASE_URL: SCALE_DATABASE_URL,
    BENCH_REDIS_URL: SCALE_REDIS_URL,
  });
  expect(code, output).toBe(0);
  expect(output).toContain("| figure | floor | one instance | two instances | two / one |");

  const { comparisons } = JSON.parse(readFileSync(jsonPath, "utf8")) as { comparisons: InstanceComparison[] };
  expect(comparisons).toHaveLength(1);
  for (const measurement of [comparisons[0]!.floor, comparisons[0]!.one, comparisons[0]!.two]) {
    expect(measurement).toMatchObject({ readers: 100, connected: 100, alerts: 3, lost: 0, leaked: 0, duplicates: 0, recipientsMiscounted: 0 });
    expect(measurement.fanout.count).toBeGreaterThanOrEqual(3 * 60);
  }
}, 180_000);

it("says plainly which service is missing, and fails", async () => {
  const { code, output } = await runBench(["--readers", "10"], {
    BENCH_DATABASE_URL: "postgresql://postgres@127.0.0.1:1/postgres",
    BENCH_REDIS_URL: "redis://127.0.0.1:1",
  });
  expect(code).not.toBe(0);
  expect(output).toContain("--compare-instances needs a PostgreSQL server (BENCH_DATABASE_URL) and a Redis server (BENCH_REDIS_URL)");
  expect(output).toContain("PostgreSQL at postgresql://postgres@127.0.0.1:1/postgres did not answer");
  expect(output).toContain("Redis at redis://127.0.0.1:1 did not answer");
});

/** `npm run bench -- --compare-instances ...args`, with `env` over this process's. */
function runBench(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runAnyBench(["--compare-instances", ...args], env);
}
