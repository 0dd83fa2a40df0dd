import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { StormPair } from "@/bench/fanout/storm-report";
import { runBench } from "./support/run-bench";

// Keeps `npm run bench -- --scenario restart-storm` working and checks what a reader would
// notice: after the server is stopped (SIGTERM) and started again on the same data, every one
// of 100 readers is back, with every alert owed to it (those sent before, and those sent the
// moment the server answered, while the readers were reconnecting), none twice, none leaked.
// Times on these shared machines say nothing, so none is asserted.

const workDir = mkdtempSync(path.join(tmpdir(), "newsflash-storm-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const READERS = 100;
const STORM_ALERTS = 3;

it("brings 100 readers back after a restart with every alert owed to them, none twice", async () => {
  const jsonPath = path.join(workDir, "results.json");
  const { code, output } = await runBench(["--scenario", "restart-storm", "--readers", String(READERS), "--before-alerts", "2", "--storm-alerts", String(STORM_ALERTS), "--member-pool", "4", "--json", jsonPath]);
  expect(code, output).toBe(0);
  expect(output).toContain("restart-storm (SIGTERM): last reader caught up, from the server answering");

  const { storms } = JSON.parse(readFileSync(jsonPath, "utf8")) as { storms: StormPair[] };
  expect(storms).toHaveLength(1);
  const { app, floor } = storms[0]!;
  // The product: every reader lost its connection, came back, and has every alert owed to it.
  expect(app, output).toMatchObject({ readers: READERS, connected: READERS, disconnected: READERS, owedAfterRestart: STORM_ALERTS, notBack: 0, notCaughtUp: 0, lost: 0, duplicates: 0, leaked: 0, refusedSubscribes: 0 });
  expect(Number.isFinite(app.lastCaughtUpMs), JSON.stringify(app)).toBe(true);
  // The floor: the same readers reconnected and resubscribed (it owes nothing: no log).
  expect(floor, output).toMatchObject({ readers: READERS, connected: READERS, disconnected: READERS, notBack: 0, lost: 0, leaked: 0 });
  expect(Number.isFinite(floor.lastBackMs), JSON.stringify(floor)).toBe(true);
}, 150_000);
