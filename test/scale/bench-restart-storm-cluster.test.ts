import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StormPair } from "@/bench/fanout/storm-report";
import { runBench } from "../bench/support/run-bench";
import { hasNginx } from "./support/nginx";
import { SCALE_DATABASE_URL, SCALE_REDIS_URL } from "./support/services";

// Keeps `npm run bench -- --scenario restart-storm-cluster` working: 100 readers through the
// shipped nginx.conf in front of two instances; one is killed, alerts go out through the
// survivor while it is down, then it is started again. What a reader would notice: every one
// back with every alert owed to it, none twice, none leaked. No time is asserted.

if (!hasNginx) console.warn("test/scale/bench-restart-storm-cluster.test.ts: SKIPPED, no nginx on PATH (apt-get install nginx-light)");

const workDir = mkdtempSync(path.join(tmpdir(), "newsflash-bench-storm-cluster-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const READERS = 100;
const STORM_ALERTS = 2;

describe.runIf(hasNginx)("the restart storm on two instances behind nginx", () => {
  it("brings every reader of the killed instance back with every alert sent while it was down", async () => {
    const jsonPath = path.join(workDir, "results.json");
    const args = ["--scenario", "restart-storm-cluster", "--readers", String(READERS), "--before-alerts", "2", "--storm-alerts", String(STORM_ALERTS), "--member-pool", "4", "--json", jsonPath];
    const { code, output } = await runBench(args, { BENCH_DATABASE_URL: SCALE_DATABASE_URL, BENCH_REDIS_URL: SCALE_REDIS_URL });
    expect(code, output).toBe(0);

    const { storms } = JSON.parse(readFileSync(jsonPath, "utf8")) as { storms: StormPair[] };
    expect(storms).toHaveLength(1);
    const { app, floor } = storms[0]!;
    expect(app, output).toMatchObject({ signal: "SIGKILL", readers: READERS, connected: READERS, owedAfterRestart: STORM_ALERTS, notBack: 0, notCaughtUp: 0, lost: 0, duplicates: 0, leaked: 0 });
    // nginx's ip_hash spread the readers (from several loopback networks) over both instances:
    // some lost theirs, the others did not notice.
    expect(app.disconnected).toBeGreaterThan(0);
    expect(app.disconnected).toBeLessThan(READERS);
    expect(floor, output).toMatchObject({ readers: READERS, connected: READERS, notBack: 0, lost: 0, leaked: 0 });
  }, 240_000);
});

it("says plainly that it is skipped when a service is missing", async () => {
  const { code, output } = await runBench(["--scenario", "restart-storm-cluster", "--readers", "10"], {
    BENCH_DATABASE_URL: "postgresql://postgres@127.0.0.1:1/postgres",
    BENCH_REDIS_URL: "redis://127.0.0.1:1",
  });
  expect(code, output).toBe(0);
  expect(output).toContain("restart-storm-cluster SKIPPED");
  expect(output).toContain("PostgreSQL at postgresql://postgres@127.0.0.1:1/postgres did not answer");
  expect(output).toContain("Redis at redis://127.0.0.1:1 did not answer");
});
