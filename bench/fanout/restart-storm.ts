import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { command, next, startGeneratorProcess, stopGenerator, type Generator } from "./generator-process";
import { nowMs } from "./protocol";
import type { RestartableTarget, StopSignal } from "./restartable-targets";
import type { StormAlertPlan, StormCommand, StormEvent, StormReaderPlan, StormReport } from "./storm-protocol";

// The restart storm (issue 15): readers connected and subscribed, alerts sent and received, then
// the server taken down and brought up again; alerts go out the moment it answers, while the
// readers are still reconnecting. Measured: every reader back and caught up on every alert owed
// to it (by replay or live), and the time from the server answering to the last reader caught up.
// The floor has no log to replay from: its figure is the time to the last reader reconnected
// and resubscribed. Method: docs/BENCHMARKS.md, "Restart storm (issue 15)".

const GENERATOR = path.join(import.meta.dirname, "storm-generator.ts");
type StormGenerator = Generator<StormCommand, StormEvent>;

const SOCKET_TIMEOUT_MS = 120_000;
const ALERT_TIMEOUT_MS = 30_000;
const SETTLE_MS = 1_000;
const STATUS_POLL_MS = 250;

export type StormScenario = {
  readers: StormReaderPlan[];
  /** Sent (and received by every reader) before the server goes down. */
  before: StormAlertPlan[];
  /** Sent while the taken-down server is still down (only where another instance answers). */
  whileDown: StormAlertPlan[];
  /** Sent the moment the server answers again, `gapMs` apart. */
  onAnswer: StormAlertPlan[];
  gapMs: number;
  signal: StopSignal;
  generators: number;
  /** Keep the server down at least this long after the signal (the floor is held down as long as the product took). */
  holdDownMs?: number;
  /** Give up on readers not caught up this long after the server answered. */
  catchUpTimeoutMs: number;
};

/** Counts summed over the generators' readers (storm-protocol.ts says what each means). */
type StormCounts = Pick<StormReport, "disconnected" | "lost" | "duplicates" | "leaked" | "slowSubscribes" | "incompleteReplays" | "refusedSubscribes" | "failedReconnects" | "evidence" | "duplicateEvidence">;

export type StormMeasurement = StormCounts & {
  kind: RestartableTarget["kind"];
  signal: StopSignal;
  readers: number;
  connected: number;
  /** Signal sent to health endpoint answering 200, ms. */
  downMs: number;
  /** From the server answering to the last reader resubscribed / caught up, ms (negative: before it answered, through another instance). */
  lastBackMs: number;
  lastCaughtUpMs: number;
  /** The same from the signal. */
  lastCaughtUpFromSignalMs: number;
  notBack: number;
  notCaughtUp: number;
  /** Alerts after the restart that readers are owed (the product's log keeps them; the floor owes none). */
  owedAfterRestart: number;
};

/** Runs the scenario against `target` (already started; left running) and measures it. */
export async function measureRestartStorm(target: RestartableTarget, scenario: StormScenario, owesReplay: boolean): Promise<StormMeasurement> {
  const { readers, before, whileDown, onAnswer } = scenario;
  const children = await Promise.all(Array.from({ length: Math.max(1, Math.min(scenario.generators, readers.length)) }, () => startGeneratorProcess<StormCommand, StormEvent>(GENERATOR)));
  try {
    const alerts = [...before, ...whileDown, ...onAnswer];
    const shares = children.map((_, share) => readers.filter((__, index) => index % children.length === share));
    children.forEach((child, share) => command(child, { type: "start", readers: shares[share]!, alerts, timeoutMs: SOCKET_TIMEOUT_MS }));
    const storms = await Promise.all(children.map((child) => next(child, (event): event is Extract<StormEvent, { type: "ready" }> => event.type === "ready")));
    const failed = storms.reduce((sum, storm) => sum + storm.failed, 0);
    if (failed > 0) log(`${target.kind}: ${failed} of ${readers.length} readers failed to connect or subscribe: ${storms.find((storm) => storm.firstError)?.firstError}`);
    await sleep(SETTLE_MS);

    for (const alert of before) {
      const complete = Promise.all(children.map((child) => next(child, (event) => event.type === "alertComplete" && event.index === alert.index, ALERT_TIMEOUT_MS)));
      await target.publish({ text: alert.text, color: "#c81e1e", channels: alert.channels });
      await complete.catch(() => log(`${target.kind}: alert ${alert.index} not complete after ${ALERT_TIMEOUT_MS} ms`));
      await sleep(100);
    }
    await sleep(SETTLE_MS);

    await everyGenerator(children, { type: "arm" }, "armed");
    const signalAt = nowMs();
    log(`${target.kind}: ${scenario.signal}`);
    await target.takeDown(scenario.signal);
    const published = await publishAll(target, whileDown, scenario.gapMs);
    if (scenario.holdDownMs !== undefined) await sleep(Math.max(0, signalAt + scenario.holdDownMs - nowMs()));
    const answeredAt = await target.bringUp();
    log(`${target.kind}: answering ${Math.round(answeredAt - signalAt)} ms after the signal`);
    published.push(...(await publishAll(target, onAnswer, scenario.gapMs)));
    await everyGenerator(children, { type: "owe", indexes: owesReplay ? published : [] }, "owed");

    const deadline = answeredAt + scenario.catchUpTimeoutMs;
    for (;;) {
      const statuses = await Promise.all(children.map((child) => ask(child, { type: "status" }, (event): event is Extract<StormEvent, { type: "status" }> => event.type === "status")));
      const caughtUp = statuses.reduce((sum, status) => sum + status.caughtUp, 0);
      const total = statuses.reduce((sum, status) => sum + status.readers, 0);
      if (caughtUp === total) break;
      if (nowMs() > deadline) {
        log(`${target.kind}: ${total - caughtUp} of ${total} readers not caught up ${scenario.catchUpTimeoutMs} ms after the server answered`);
        break;
      }
      await sleep(STATUS_POLL_MS);
    }
    // Late copies (duplicates) would come within a moment.
    await sleep(SETTLE_MS);
    const reports = await Promise.all(children.map((child) => ask(child, { type: "report" }, (event): event is Extract<StormEvent, { type: "report" }> => event.type === "report")));
    return summarizeStorm(target.kind, scenario, reports, { signalAt, answeredAt, owedAfterRestart: owesReplay ? published.length : 0 });
  } finally {
    await Promise.all(children.map(stopGenerator));
  }
}

/** Publishes one after the other, `gapMs` apart; returns the indexes the server took (a refused publish is owed to nobody, and logged). */
async function publishAll(target: RestartableTarget, alerts: StormAlertPlan[], gapMs: number): Promise<number[]> {
  const published: number[] = [];
  for (const alert of alerts) {
    try {
      await target.publish({ text: alert.text, color: "#c81e1e", channels: alert.channels });
      published.push(alert.index);
    } catch (error) {
      log(`${target.kind}: alert ${alert.index} was not published: ${(error as Error).message}`);
    }
    await sleep(gapMs);
  }
  return published;
}

async function everyGenerator(children: StormGenerator[], message: StormCommand, reply: StormEvent["type"]): Promise<void> {
  await Promise.all(children.map((child) => ask(child, message, (event) => event.type === reply)));
}

function ask<E extends StormEvent>(child: StormGenerator, message: StormCommand, matches: (event: StormEvent) => event is E): Promise<E>;
function ask(child: StormGenerator, message: StormCommand, matches: (event: StormEvent) => boolean): Promise<StormEvent>;
function ask(child: StormGenerator, message: StormCommand, matches: (event: StormEvent) => boolean): Promise<StormEvent> {
  const answer = next(child, matches, 60_000);
  command(child, message);
  return answer;
}

function summarizeStorm(
  kind: RestartableTarget["kind"],
  scenario: StormScenario,
  reports: StormReport[],
  times: { signalAt: number; answeredAt: number; owedAfterRestart: number },
): StormMeasurement {
  const sum = (pick: (report: StormReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
  const latest = (pick: (report: StormReport) => number) => Math.max(...reports.map(pick).filter((value) => !Number.isNaN(value)));
  const connected = sum((report) => report.readers);
  const lastBackAt = latest((report) => report.lastBackAt);
  const lastCaughtUpAt = latest((report) => report.lastCaughtUpAt);
  return {
    kind,
    signal: scenario.signal,
    readers: scenario.readers.length,
    connected,
    disconnected: sum((report) => report.disconnected),
    downMs: times.answeredAt - times.signalAt,
    lastBackMs: finiteOrNaN(lastBackAt - times.answeredAt),
    lastCaughtUpMs: finiteOrNaN(lastCaughtUpAt - times.answeredAt),
    lastCaughtUpFromSignalMs: finiteOrNaN(lastCaughtUpAt - times.signalAt),
    notBack: connected - sum((report) => report.back),
    notCaughtUp: connected - sum((report) => report.caughtUp),
    owedAfterRestart: times.owedAfterRestart,
    lost: sum((report) => report.lost),
    duplicates: sum((report) => report.duplicates),
    leaked: sum((report) => report.leaked),
    slowSubscribes: sum((report) => report.slowSubscribes),
    incompleteReplays: sum((report) => report.incompleteReplays),
    refusedSubscribes: sum((report) => report.refusedSubscribes),
    failedReconnects: sum((report) => report.failedReconnects),
    evidence: reports.flatMap((report) => report.evidence).slice(0, 10),
    duplicateEvidence: reports.flatMap((report) => report.duplicateEvidence).slice(0, 10),
  };
}

function finiteOrNaN(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}

function log(message: string): void {
  console.error(message);
}
