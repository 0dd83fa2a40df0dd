// `npm run bench -- --compare-instances`: the product on ONE instance and on TWO (the same
// readers, split evenly), both on the same shared PostgreSQL and Redis, so the split is the
// only difference; and the bare floor as the usual baseline. Method: docs/BENCHMARKS.md.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createSharedServices, findUnreachableServices, type SharedServices } from "@/test/scale/support/services";
import { measureFresh, type Measurement } from "./measure";
import { createMemberPool, listTypeChannels, planAlerts, planReaders, type MemberProfile } from "./readers";
import { formatInstanceTable, type InstanceComparison } from "./report";
import { startAppTarget, startFloorTarget, type Target } from "./targets";

// A PostgreSQL server to create a throwaway database on, and a Redis to use under a fresh prefix.
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";

export type ComparisonOptions = { sizes: number[]; alerts: number; generators: number; memberShare: number; memberPool: number; repeat: number; floorAcks: boolean };

/** Thrown when the comparison cannot run at all; run.ts prints its message alone. */
export class MissingServicesError extends Error {
  override readonly name = "MissingServicesError";
}

export async function compareInstances(options: ComparisonOptions, workDir: string, runId: string): Promise<InstanceComparison[]> {
  const problems = await findUnreachableServices(BENCH_DATABASE_URL, BENCH_REDIS_URL);
  if (problems.length > 0) {
    throw new MissingServicesError(
      `--compare-instances needs a PostgreSQL server (BENCH_DATABASE_URL) and a Redis server (BENCH_REDIS_URL):\n  ${problems.join("\n  ")}`,
    );
  }
  const services = await createSharedServices({ serverUrl: BENCH_DATABASE_URL, redisUrl: BENCH_REDIS_URL, prefixLabel: "bench" });
  try {
    // Each instance has a data dir of its own (nothing of the deployment's state is in it, with DATABASE_URL).
    const dataDirs = ["instance-a", "instance-b"].map((name) => path.join(workDir, name));
    for (const dir of dataDirs) mkdirSync(dir, { recursive: true });
    const startInstances = (count: 1 | 2) => () => startAppTarget({ dataDirs: dataDirs.slice(0, count), env: services.instanceEnv });

    const { members, typeChannels } = await signUpMembers(startInstances(1), options.memberPool);
    const comparisons: InstanceComparison[] = [];
    for (let repetition = 1; repetition <= options.repeat; repetition += 1) {
      for (const readers of options.sizes) {
        const alerts = planAlerts(options.alerts, typeChannels, `${runId}-${repetition}-${readers}`);
        const measureOn = (start: () => Promise<Target>, label: string): Promise<Measurement> =>
          measureFresh(
            start,
            (target) => planReaders({ count: readers, memberShare: options.memberShare, members, urls: target.urls, withCookies: target.kind === "app", generators: options.generators }),
            alerts,
            options.generators,
            label,
          );
        const floor = await measureOn(() => startFloorTarget({ withAcks: options.floorAcks }), "floor");
        // Every other repetition measures two before one, so a drift of the machine's load does not always favour the same side.
        const twoFirst = repetition % 2 === 0;
        const first = await measureOn(startInstances(twoFirst ? 2 : 1), twoFirst ? "two instances" : "one instance");
        const second = await measureOn(startInstances(twoFirst ? 1 : 2), twoFirst ? "one instance" : "two instances");
        const [one, two] = twoFirst ? [second, first] : [first, second];
        comparisons.push({ readers, repetition, floor, one, two });
        console.error(formatInstanceTable([comparisons.at(-1)!]));
      }
    }
    return comparisons;
  } finally {
    await cleanUp(services);
  }
}

async function signUpMembers(start: () => Promise<Target & { url: string }>, count: number): Promise<{ members: MemberProfile[]; typeChannels: Awaited<ReturnType<typeof listTypeChannels>>["channels"] }> {
  const setup = await start();
  try {
    console.error(`signing up ${count} members`);
    const members = await createMemberPool(setup.url, count);
    return { members, typeChannels: (await listTypeChannels(setup.url)).channels };
  } finally {
    await setup.stop();
  }
}

async function cleanUp(services: SharedServices): Promise<void> {
  await services.cleanUp().catch((error: unknown) => console.error(`could not drop the bench's database or Redis keys (${services.redisPrefix}):`, error));
}
