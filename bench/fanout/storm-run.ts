import type { ChannelRef } from "@/lib/realtime/contract";
import { planAlerts, planReaders, type MemberProfile } from "./readers";
import { measureRestartStorm, type StormMeasurement, type StormScenario } from "./restart-storm";
import { startRestartableApp, startRestartableFloor, type RestartableTarget, type StopSignal } from "./restartable-targets";
import type { StormAlertPlan, StormReaderPlan } from "./storm-protocol";
import type { StormPair } from "./storm-report";

// `npm run bench -- --scenario restart-storm`: for each size and signal, the product first, then
// the floor held down as long as the product was, so both storms meet readers at the same point
// of their back-off (a floor back up in half a second would meet them after their first retry,
// the product after several; the back-off, not the server, would make the difference).

export type StormRunOptions = {
  sizes: number[];
  repeat: number;
  signals: StopSignal[];
  generators: number;
  memberShare: number;
  members: MemberProfile[];
  typeChannels: ChannelRef[];
  /** The product's data dir (PGlite), where the members were signed up. */
  dataDir: string;
  runId: string;
  beforeAlerts: number;
  stormAlerts: number;
};

/** Alerts sent the moment the server answers are this far apart: a burst while the readers reconnect. */
const STORM_ALERT_GAP_MS = 200;
const CATCH_UP_TIMEOUT_MS = 180_000;

export async function runRestartStorms(options: StormRunOptions): Promise<StormPair[]> {
  const pairs: StormPair[] = [];
  for (let repetition = 1; repetition <= options.repeat; repetition += 1) {
    for (const readers of options.sizes) {
      for (const signal of options.signals) {
        const alerts = planStormAlerts(options.beforeAlerts, 0, options.stormAlerts, options.typeChannels, `${options.runId}-storm-${repetition}-${readers}-${signal}`);
        const scenarioFor = (target: RestartableTarget, holdDownMs?: number): StormScenario =>
          buildScenario(planReaders({ count: readers, memberShare: options.memberShare, members: options.members, urls: target.urls, withCookies: target.kind === "app", generators: options.generators }), alerts, signal, options.generators, holdDownMs);
        console.error(`restart storm: ${readers} readers, ${signal}, run ${repetition}`);
        const { app, floor } = await measureStormPair(() => startRestartableApp(options.dataDir), startRestartableFloor, scenarioFor);
        pairs.push({ scenario: "restart-storm", readers, repetition, floor, app });
      }
    }
  }
  return pairs;
}

export function buildScenario(readers: StormReaderPlan[], alerts: ReturnType<typeof planStormAlerts>, signal: StopSignal, generators: number, holdDownMs?: number): StormScenario {
  return { readers, ...alerts, gapMs: STORM_ALERT_GAP_MS, signal, generators, catchUpTimeoutMs: CATCH_UP_TIMEOUT_MS, ...(holdDownMs !== undefined ? { holdDownMs } : {}) };
}

/** The product first, then the floor held down as long as the product was (see the top of this file). */
export async function measureStormPair(
  startApp: () => Promise<RestartableTarget>,
  startFloor: () => Promise<RestartableTarget>,
  scenarioFor: (target: RestartableTarget, holdDownMs?: number) => StormScenario,
): Promise<{ app: StormMeasurement; floor: StormMeasurement }> {
  const app = await measureOn(startApp, (target) => measureRestartStorm(target, scenarioFor(target), true));
  const floor = await measureOn(startFloor, (target) => measureRestartStorm(target, scenarioFor(target, app.downMs), false));
  return { app, floor };
}

/** Starts a target, measures it, and stops it whatever happened. */
async function measureOn(start: () => Promise<RestartableTarget>, run: (target: RestartableTarget) => Promise<StormMeasurement>): Promise<StormMeasurement> {
  const target = await start();
  try {
    return await run(target);
  } finally {
    await target.stop();
  }
}

/** The scenario's alerts in order (each to the visitors and one member type, as in fan-out): before, while down, on answer. */
export function planStormAlerts(before: number, whileDown: number, onAnswer: number, typeChannels: ChannelRef[], runId: string): Pick<StormScenario, "before" | "whileDown" | "onAnswer"> {
  const all = planAlerts(before + whileDown + onAnswer - 1, typeChannels, runId).map((alert, index): StormAlertPlan => ({ ...alert, isAfterRestart: index >= before }));
  return { before: all.slice(0, before), whileDown: all.slice(before, before + whileDown), onAnswer: all.slice(before + whileDown) };
}
