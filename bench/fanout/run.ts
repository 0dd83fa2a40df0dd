// `npm run bench`: fan-out of the product against a bare Socket.IO floor, pair by pair.
//
//   npm run bench                                        # 1,000, 5,000 and 10,000 readers, 20 alerts
//   npm run bench -- --readers 10000 --alerts 20 --repeat 2 --json bench-results.json
//
// Flags: --readers (comma-separated sizes), --alerts, --generators (load-generator processes),
// --member-share (fraction of readers that are signed-in members), --member-pool (member
// accounts shared by those sockets), --repeat, --json (also write the results there),
// --floor-acks (the floor's readers ack every message too, as the product's do).
// Method and figures: docs/BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { measure, type Measurement } from "./measure";
import { createMemberPool, listTypeChannels, planAlerts, planReaders, type MemberProfile } from "./readers";
import { describeMachine, formatTable, type Pair } from "./report";
import { startAppTarget, startFloorTarget, type Target } from "./targets";

const ROOT = path.resolve(import.meta.dirname, "../..");

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
  },
});

const options = {
  sizes: flags.readers.split(",").map((size) => positiveInteger(size, "--readers")),
  alerts: positiveInteger(flags.alerts, "--alerts"),
  generators: positiveInteger(flags.generators, "--generators"),
  memberShare: Number(flags["member-share"]),
  memberPool: positiveInteger(flags["member-pool"], "--member-pool"),
  repeat: positiveInteger(flags.repeat, "--repeat"),
};

async function main(): Promise<void> {
  ensureBuild();
  const machine = describeMachine();
  const dataDir = mkdtempSync(path.join(tmpdir(), "newsflash-bench-"));
  const runId = Date.now().toString(36);
  try {
    const setup = await startAppTarget(dataDir);
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
    for (let repetition = 1; repetition <= options.repeat; repetition += 1) {
      for (const readers of options.sizes) {
        const alerts = planAlerts(options.alerts, typeChannels, `${runId}-${repetition}-${readers}`);
        const run = async (start: () => Promise<Target>): Promise<Measurement> => {
          const target = await start();
          try {
            log(`${target.kind}: ${readers} readers, ${options.alerts} alerts`);
            const plans = planReaders({ count: readers, memberShare: options.memberShare, members, urls: target.urls, withCookies: target.kind === "app" });
            return await measure(target, plans, alerts, options.generators);
          } finally {
            await target.stop();
          }
        };
        const floor = await run(() => startFloorTarget({ withAcks: flags["floor-acks"] }));
        const app = await run(() => startAppTarget(dataDir));
        pairs.push({ readers, repetition, floor, app });
        log(formatTable([pairs.at(-1)!]));
      }
    }

    const table = formatTable(pairs);
    console.log(`\n${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}\n`);
    console.log(table);
    if (flags.json) writeFileSync(flags.json, JSON.stringify({ machine, options, pairs }, null, 2));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh clone has no production build; the server needs one. */
function ensureBuild(): void {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  log("no production build: running `npm run build`");
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
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
  console.error(error);
  process.exitCode = 1;
});
