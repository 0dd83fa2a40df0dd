// `npm run bench`: fan-out of the product against a bare Socket.IO floor, pair by pair.
//
//   npm run bench                                        # 1,000, 5,000 and 10,000 readers, 20 alerts
//   npm run bench -- --readers 10000 --alerts 20 --repeat 2 --json bench-results.json
//   npm run bench -- --compare-instances --readers 5000   # one instance vs two, on PostgreSQL + Redis
//   npm run bench -- --scenario restart-storm --readers 10000 [--signal SIGTERM|SIGKILL|both]
//
// With no flags: the fan-out sizes, then the restart storm (single instance, SIGTERM) at the
// largest size, then EXTRA_FIGURES (extra-figures.ts); every figure next to the floor's.
//
// Flags: --readers (comma-separated sizes), --alerts, --generators (load-generator processes),
// --member-share (fraction of readers that are signed-in members), --member-pool (member
// accounts shared by those sockets), --repeat, --json (also write the results there),
// --floor-acks (the floor's readers ack every message too, as the product's do),
// --compare-instances (the product on one instance and on two, both on the PostgreSQL and Redis
// of BENCH_DATABASE_URL and BENCH_REDIS_URL, default 127.0.0.1; see compare-instances.ts),
// --scenario (fanout, restart-storm), --signal (how the server is stopped in the storm),
// --before-alerts and --storm-alerts (alerts sent before the restart, and once it answers).
// Method and figures: docs/BENCHMARKS.md.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild } from "../ensure-build";
import { compareInstances, MissingServicesError } from "./compare-instances";
import { measureFresh, type Measurement } from "./measure";
import { createMemberPool, listTypeChannels, planAlerts, planReaders, type MemberProfile } from "./readers";
import { measureExtraFigures } from "./extra-figures";
import { describeMachine, formatInstanceTable, formatTable, type Pair } from "./report";
import type { StopSignal } from "./restartable-targets";
import { formatEvidence, formatStormRows, formatStormTable, type StormPair } from "./storm-report";
import { findMissingClusterServices, runClusterStorms } from "./storm-cluster";
import { runRestartStorms } from "./storm-run";
import { startAppTarget, startFloorTarget, type Target } from "./targets";

const { values: flags } = parseArgs({
  options: {
    readers: { type: "string", default: "1000,5000,10000" },
    alerts: { type: "string", default: "20" },
    generators: { type: "string", default: "2" },
    "member-share": { type: "string", default: "0.4" },
    "member-pool": { type: "string", default: "50" },
    repeat: { type: "string", default: "1" },
    json: { type: "string" },
    "floor-acks": { type: "boolean", default: false },
    "compare-instances": { type: "boolean", default: false },
    scenario: { type: "string" },
    signal: { type: "string" },
    "before-alerts": { type: "string", default: "5" },
    "storm-alerts": { type: "string", default: "5" },
  },
});

const options = {
  sizes: flags.readers.split(",").map((size) => positiveInteger(size, "--readers")),
  alerts: positiveInteger(flags.alerts, "--alerts"),
  generators: positiveInteger(flags.generators, "--generators"),
  memberShare: Number(flags["member-share"]),
  memberPool: positiveInteger(flags["member-pool"], "--member-pool"),
  repeat: positiveInteger(flags.repeat, "--repeat"),
  floorAcks: flags["floor-acks"],
};

const SCENARIOS = ["fanout", "restart-storm", "restart-storm-cluster"] as const;
// No --scenario: fan-out, then the single-instance storm at the largest size (issue 15's `npm run bench`).
type Scenario = (typeof SCENARIOS)[number];
const scenarios: Scenario[] = flags.scenario === undefined ? ["fanout", "restart-storm"] : [oneOf(flags.scenario, SCENARIOS, "--scenario")];
// The single instance is stopped as a deploy stops it; the cluster loses one to a crash (issue 15).
const defaultSignal = scenarios.includes("restart-storm-cluster") ? "SIGKILL" : "SIGTERM";
const signals: StopSignal[] = flags.signal === "both" ? ["SIGTERM", "SIGKILL"] : [oneOf(flags.signal ?? defaultSignal, ["SIGTERM", "SIGKILL"] as const, "--signal")];
const stormAlerts = { beforeAlerts: positiveInteger(flags["before-alerts"], "--before-alerts"), stormAlerts: positiveInteger(flags["storm-alerts"], "--storm-alerts") };

async function main(): Promise<void> {
  await ensureBuild(log);
  const machine = describeMachine();
  const dataDir = mkdtempSync(path.join(tmpdir(), "newsflash-bench-"));
  const runId = Date.now().toString(36);
  try {
    if (scenarios.includes("restart-storm-cluster")) {
      const missing = await findMissingClusterServices();
      if (missing.length > 0) {
        console.log(`restart-storm-cluster SKIPPED: it needs PostgreSQL (BENCH_DATABASE_URL), Redis (BENCH_REDIS_URL) and nginx:\n  ${missing.join("\n  ")}`);
        return;
      }
      const storms = await runClusterStorms({ ...options, signals, runId, ...stormAlerts }, dataDir);
      const evidence = formatEvidence(storms);
      if (evidence) log(`alerts the product lost or sent twice in the restart storm (first ten of each per run):\n${evidence}`);
      printMachine(machine);
      console.log(formatStormTable(storms));
      if (flags.json) writeFileSync(flags.json, JSON.stringify({ machine, options, storms }, null, 2));
      return;
    }
    if (flags["compare-instances"]) {
      const comparisons = await compareInstances(options, dataDir, runId);
      printMachine(machine);
      console.log(formatInstanceTable(comparisons));
      if (flags.json) writeFileSync(flags.json, JSON.stringify({ machine, options, comparisons }, null, 2));
      return;
    }
    const setup = await startAppTarget({ dataDirs: [dataDir] });
    let members: MemberProfile[];
    let typeChannels;
    try {
      log(`signing up ${options.memberPool} members`);
      members = await createMemberPool(setup.url, options.memberPool);
      typeChannels = (await listTypeChannels(setup.url)).channels;
    } finally {
      await setup.stop();
    }

    const pairs: Pair[] = [];
    for (let repetition = 1; scenarios.includes("fanout") && repetition <= options.repeat; repetition += 1) {
      for (const readers of options.sizes) {
        const alerts = planAlerts(options.alerts, typeChannels, `${runId}-${repetition}-${readers}`);
        const run = (start: () => Promise<Target>): Promise<Measurement> =>
          measureFresh(
            start,
            (target) => planReaders({ count: readers, memberShare: options.memberShare, members, urls: target.urls, withCookies: target.kind === "app", generators: options.generators }),
            alerts,
            options.generators,
          );
        const floor = await run(() => startFloorTarget({ withAcks: options.floorAcks }));
        const app = await run(() => startAppTarget({ dataDirs: [dataDir] }));
        pairs.push({ readers, repetition, floor, app });
        log(formatTable([pairs.at(-1)!]));
      }
    }

    let storms: StormPair[] = [];
    if (scenarios.includes("restart-storm")) {
      storms = await runRestartStorms({
        // Given the scenario alone, every size; after fan-out, the largest.
        sizes: flags.scenario === undefined ? [Math.max(...options.sizes)] : options.sizes,
        repeat: flags.scenario === undefined ? 1 : options.repeat,
        signals,
        generators: options.generators,
        memberShare: options.memberShare,
        members,
        typeChannels,
        dataDir,
        runId,
        ...stormAlerts,
      });
      const evidence = formatEvidence(storms);
      if (evidence) log(`alerts the product lost or sent twice in the restart storm (first ten of each per run):\n${evidence}`);
    }
    const extras = flags.scenario === undefined ? await measureExtraFigures() : [];

    printMachine(machine);
    // One table: fan-out's rows, then the storm's and the extra figures' (the same columns).
    if (pairs.length > 0) console.log([formatTable(pairs), ...formatStormRows(storms, extras)].join("\n"));
    else console.log(formatStormTable(storms, extras));
    if (flags.json) writeFileSync(flags.json, JSON.stringify({ machine, options, pairs, storms, extras }, null, 2));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printMachine(machine: ReturnType<typeof describeMachine>): void {
  console.log(`\n${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}\n`);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${flag} takes ${allowed.join(", ")}, not "${value}"`);
  return value as T;
}

function positiveInteger(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} takes positive integers, not "${value}"`);
  return parsed;
}

function log(message: string): void {
  console.error(message);
}

main().catch((error: unknown) => {
  // Missing services are the operator's to fix, not a bug: the message, without a stack.
  console.error(error instanceof MissingServicesError ? error.message : error);
  process.exitCode = 1;
});
