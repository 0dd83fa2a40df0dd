import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { channelKey, normalizeChannel } from "@/lib/realtime/channel";
import { nowMs, type AlertPlan, type GeneratorCommand, type GeneratorEvent, type GeneratorReport, type ReaderPlan, type StormResult } from "./protocol";
import { command, next, startGeneratorProcess, stopGenerator } from "./generator-process";
import { summarize, type Distribution } from "./stats";
import { readRssBytes, type Delivery, type Target } from "./targets";
import { measureHeapAfterGc } from "./heap-after-gc";

const GENERATOR = path.join(import.meta.dirname, "load-generator.ts");
const startGenerator = () => startGeneratorProcess<GeneratorCommand, GeneratorEvent>(GENERATOR);
// Long enough for 10,000 sockets connecting at once on a busy 2-core machine.
const SOCKET_TIMEOUT_MS = 120_000;
const ALERT_TIMEOUT_MS = 30_000;
// Lets a server's heap and RSS settle (and acks drain) between phases.
const SETTLE_MS = 1_000;

export type Measurement = {
  kind: Target["kind"];
  readers: number;
  alerts: number;
  connected: number;
  /** Connection attempts that failed during the storm before the reader got in. */
  retries: number;
  disconnects: number;
  /** Fan-out latency, ms: from the publish request leaving to each reader's receipt. */
  fanout: Distribution;
  /** Copies expected and never received, plus copies leaked to readers who did not subscribe. */
  lost: number;
  leaked: number;
  duplicates: number;
  /**
   * Channel deliveries (alert by channel, the warm-up included) whose `recipients` in the
   * publish answer differ from the number of readers subscribed to that channel; must be 0.
   * With several instances the count is summed across them, so it shows one left out.
   */
  recipientsMiscounted: number;
  /** The publish request's round trip, ms. */
  publish: Distribution;
  /** All readers connecting and subscribing at once: first connect to last subscribe ack, ms. */
  stormMs: number;
  /** Growth of the server processes' RSS from before the storm to after it, per reader, bytes. */
  memoryPerReaderBytes: number;
  /**
   * Growth of their JavaScript heap from before the storm to after it, each read right after full
   * collections: what a reader keeps, without the garbage not yet collected. Per reader, bytes.
   */
  heapKeptPerReaderBytes: number;
};

/** One measurement: `readers` sockets from `generators` processes against `target`, then the alerts. */
export async function measure(target: Target, readers: ReaderPlan[], alerts: AlertPlan[], generators: number): Promise<Measurement> {
  const children = await Promise.all(Array.from({ length: Math.max(1, Math.min(generators, readers.length)) }, () => startGenerator()));
  try {
    await sleep(SETTLE_MS);
    const heapBefore = await measureHeapAfterGc(target.processes);
    const rssBefore = readRssBytes(target.processes);

    const shares = children.map((_, share) => readers.filter((__, index) => index % children.length === share));
    children.forEach((generator, share) => command(generator, { type: "start", readers: shares[share]!, alerts, timeoutMs: SOCKET_TIMEOUT_MS }));
    const storms = await Promise.all(children.map((generator) => next(generator, (event): event is GeneratorEvent & StormResult & { type: "ready" } => event.type === "ready")));
    const failed = storms.reduce((sum, storm) => sum + storm.failed, 0);
    if (failed > 0) console.error(`${target.kind}: ${failed} of ${readers.length} readers failed to connect or subscribe: ${storms.find((storm) => storm.firstError)?.firstError}`);
    const stormMs = Math.max(...storms.map((storm) => storm.endedAt)) - Math.min(...storms.map((storm) => storm.startedAt));

    await sleep(SETTLE_MS);
    const memoryPerReaderBytes = (readRssBytes(target.processes) - rssBefore) / readers.length;
    // After the RSS figure, which the collections would change.
    const heapKeptPerReaderBytes = ((await measureHeapAfterGc(target.processes)).heapUsedBytes - heapBefore.heapUsedBytes) / readers.length;

    const sentAt = new Map<number, number>();
    const publishMs: number[] = [];
    const subscribedPerChannel = countSubscribers(readers);
    let recipientsMiscounted = 0;
    for (const alert of alerts) {
      const complete = Promise.all(children.map((generator) => next(generator, (event) => event.type === "alertComplete" && event.index === alert.index, ALERT_TIMEOUT_MS)));
      const started = nowMs();
      const deliveries = await target.publish({ text: alert.text, color: "#c81e1e", channels: alert.channels });
      const answered = nowMs();
      recipientsMiscounted += countMiscounted(deliveries, subscribedPerChannel, target.kind, alert.index);
      sentAt.set(alert.index, started);
      if (alert.index > 0) publishMs.push(answered - started);
      await complete.catch(() => console.error(`${target.kind}: alert ${alert.index} not complete after ${ALERT_TIMEOUT_MS} ms`));
      await sleep(100);
    }
    await sleep(SETTLE_MS);

    children.forEach((generator) => command(generator, { type: "report" }));
    const reports = await Promise.all(children.map((generator) => next(generator, (event): event is GeneratorEvent & GeneratorReport & { type: "report" } => event.type === "report")));
    const latencies: number[] = [];
    for (const report of reports) {
      for (const [index, times] of Object.entries(report.receipts)) {
        const started = sentAt.get(Number(index));
        if (Number(index) === 0 || started === undefined) continue;
        for (const time of times) latencies.push(time - started);
      }
    }
    return {
      kind: target.kind,
      readers: readers.length,
      alerts: alerts.length - 1,
      connected: readers.length - failed,
      retries: storms.reduce((sum, storm) => sum + storm.retries, 0),
      disconnects: reports.reduce((sum, report) => sum + report.disconnects, 0),
      fanout: summarize(latencies),
      lost: reports.reduce((sum, report) => sum + report.lost, 0),
      leaked: reports.reduce((sum, report) => sum + report.unexpected, 0),
      duplicates: reports.reduce((sum, report) => sum + report.duplicates, 0),
      recipientsMiscounted,
      publish: summarize(publishMs),
      stormMs,
      memoryPerReaderBytes,
      heapKeptPerReaderBytes,
    };
  } finally {
    await Promise.all(children.map(stopGenerator));
  }
}

/**
 * Starts a fresh target, measures it with the readers `plan` makes for its URLs, and stops it,
 * whatever happened.
 */
export async function measureFresh(
  start: () => Promise<Target>,
  plan: (target: Target) => ReaderPlan[],
  alerts: AlertPlan[],
  generators: number,
  label = "",
): Promise<Measurement> {
  const target = await start();
  try {
    const readers = plan(target);
    console.error(`${label || target.kind}: ${readers.length} readers, ${alerts.length - 1} alerts`);
    return await measure(target, readers, alerts, generators);
  } finally {
    await target.stop();
  }
}

function countSubscribers(readers: ReaderPlan[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reader of readers) {
    for (const channel of reader.channels) {
      const key = channelKey(normalizeChannel(channel));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function countMiscounted(deliveries: Delivery[], subscribed: Map<string, number>, kind: string, alertIndex: number): number {
  let miscounted = 0;
  for (const delivery of deliveries) {
    const expected = subscribed.get(channelKey(normalizeChannel(delivery.channel))) ?? 0;
    if (delivery.recipients === expected) continue;
    miscounted += 1;
    console.error(`${kind}: alert ${alertIndex} counted ${delivery.recipients} recipients on ${channelKey(delivery.channel)}, ${expected} readers subscribed`);
  }
  return miscounted;
}
