// `npm run bench -- --scenario restart-storm-cluster`: the restart storm on two instances behind
// the shipped proxy (deploy/nginx.conf, as test/scale/nginx-proxy.test.ts runs it), sharing a
// PostgreSQL and a Redis. One instance is killed (SIGKILL by default); alerts go out through the
// survivor while it is down, then it is started again (same port, same settings). nginx sends
// the killed instance's readers to the survivor before it is back, so none is sent on its
// answer (every reader would be live by then: that would measure fan-out, not the storm), and
// the figures that matter are those from the signal. The floor: two bare Socket.IO servers behind the same
// proxy, one killed and held down as long as the product's was. Method: docs/BENCHMARKS.md.
//
// nginx routes by ip_hash, which hashes the first three octets of the client's IPv4 address:
// every reader from 127.0.0.1 would land on one instance. So readers connect from 127.0.N.1,
// N = 1..SOURCE_NETWORKS (all loopback on Linux): clients of 32 networks, split by nginx's own
// hash, as real clients would be. The split is not even; the table's "readers disconnected by
// the restart" is how many were on the killed instance.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ChannelRef } from "@/lib/realtime/contract";
import { shippedInstanceSettings, startNginx, hasNginx } from "@/test/scale/support/nginx";
import { createSharedServices, findUnreachableServices } from "@/test/scale/support/services";
import { waitUntilInstancesMeet } from "./cluster-ready";
import { BENCH_DATABASE_URL, BENCH_REDIS_URL } from "./compare-instances";
import { createMemberPool, listTypeChannels, planReaders, type MemberProfile } from "./readers";
import { startRestartableApp, startRestartableFloor, type RestartableTarget, type StopSignal } from "./restartable-targets";
import type { StormReaderPlan } from "./storm-protocol";
import type { StormPair } from "./storm-report";
import { buildScenario, measureStormPair, planStormAlerts } from "./storm-run";

const SOURCE_NETWORKS = 32;

export type ClusterStormOptions = {
  sizes: number[];
  repeat: number;
  signals: StopSignal[];
  generators: number;
  memberShare: number;
  memberPool: number;
  runId: string;
  beforeAlerts: number;
  stormAlerts: number;
};

/** Why the cluster storm cannot run here (PostgreSQL, Redis or nginx missing), or an empty list. */
export async function findMissingClusterServices(): Promise<string[]> {
  const problems = await findUnreachableServices(BENCH_DATABASE_URL, BENCH_REDIS_URL);
  if (!hasNginx) problems.push("no nginx on PATH (apt-get install nginx-light; scripts/ensure-nginx.sh)");
  return problems;
}

export async function runClusterStorms(options: ClusterStormOptions, workDir: string): Promise<StormPair[]> {
  const services = await createSharedServices({ serverUrl: BENCH_DATABASE_URL, redisUrl: BENCH_REDIS_URL, prefixLabel: "bench-storm" });
  try {
    const dataDirs = ["instance-a", "instance-b"].map((name) => path.join(workDir, name));
    for (const dir of dataDirs) mkdirSync(dir, { recursive: true });
    const env = { ...shippedInstanceSettings(), ...services.instanceEnv };
    const { members, typeChannels } = await signUpMembers(dataDirs[0]!, env, options.memberPool);
    const pairs: StormPair[] = [];
    for (let repetition = 1; repetition <= options.repeat; repetition += 1) {
      for (const readers of options.sizes) {
        for (const signal of options.signals) {
          const alerts = planStormAlerts(options.beforeAlerts, options.stormAlerts, 0, typeChannels, `${options.runId}-cluster-${repetition}-${readers}-${signal}`);
          const scenarioFor = (target: RestartableTarget, holdDownMs?: number) => buildScenario(planClusterReaders(readers, options, members, target), alerts, signal, options.generators, holdDownMs);
          console.error(`restart storm, two instances behind nginx: ${readers} readers, ${signal} one, run ${repetition}`);
          const { app, floor } = await measureStormPair(
            () => startRestartableCluster("app", readers, (index) => startRestartableApp(dataDirs[index]!, env)),
            () => startRestartableCluster("floor", readers, () => startRestartableFloor()),
            scenarioFor,
          );
          pairs.push({ scenario: "restart-storm-cluster", readers, repetition, floor, app });
        }
      }
    }
    return pairs;
  } finally {
    await services.cleanUp().catch((error: unknown) => console.error(`could not drop the bench's database or Redis keys (${services.redisPrefix}):`, error));
  }
}

/**
 * Two instances behind nginx: readers connect through the proxy; the second instance is the one
 * taken down and brought up again. The product publishes through the first (the survivor); the
 * floor's servers share no rooms, so its alerts go to each server that answers.
 */
async function startRestartableCluster(kind: RestartableTarget["kind"], readers: number, startInstance: (index: number) => Promise<RestartableTarget>): Promise<RestartableTarget> {
  const instances: RestartableTarget[] = [];
  const stopInstances = () => Promise.all(instances.map((instance) => instance.stop())).then(() => undefined);
  try {
    // One after the other: on two cores, starting them together only makes each start slower.
    for (const index of [0, 1]) instances.push(await startInstance(index));
    const [survivor, victim] = instances as [RestartableTarget, RestartableTarget];
    if (kind === "app") await waitUntilInstancesMeet(victim.urls, survivor.publish);
    // Two connections per reader (its own and the upstream one), and room for the rest.
    const proxy = await startNginx([survivor.urls[0]!, victim.urls[0]!], { workerConnections: 2 * readers + 512 });
    const publish: RestartableTarget["publish"] =
      kind === "app"
        ? survivor.publish
        : async (alert) => {
            const answers = await Promise.allSettled(instances.map((instance) => instance.publish(alert)));
            const delivered = answers.flatMap((answer) => (answer.status === "fulfilled" ? answer.value : []));
            if (delivered.length === 0) throw new Error("no floor server answered");
            return delivered;
          };
    return {
      kind,
      urls: [proxy.url],
      publish,
      takeDown: victim.takeDown,
      bringUp: victim.bringUp,
      stop: async () => {
        await proxy.stop();
        await stopInstances();
      },
    };
  } catch (error) {
    await stopInstances();
    throw error;
  }
}

function planClusterReaders(count: number, options: ClusterStormOptions, members: MemberProfile[], target: RestartableTarget): StormReaderPlan[] {
  return planReaders({ count, memberShare: options.memberShare, members, urls: target.urls, withCookies: target.kind === "app", generators: options.generators }).map((reader, index) => ({
    ...reader,
    localAddress: `127.0.${(index % SOURCE_NETWORKS) + 1}.1`,
  }));
}

/** The members live in the cluster's PostgreSQL and their cookies are sealed with its AUTH_SECRET: signed up on one instance. */
async function signUpMembers(dataDir: string, env: Record<string, string>, count: number): Promise<{ members: MemberProfile[]; typeChannels: ChannelRef[] }> {
  const setup = await startRestartableApp(dataDir, env);
  try {
    console.error(`signing up ${count} members`);
    const url = setup.urls[0]!;
    return { members: await createMemberPool(url, count), typeChannels: (await listTypeChannels(url)).channels };
  } finally {
    await setup.stop();
  }
}
