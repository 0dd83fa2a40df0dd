// The soak: many readers with churn and a steady stream of alerts against the production
// server on loopback, for a bounded time; it reports lost deliveries (must be 0), the
// server's memory growth and event-loop delay, and stops by itself.
//
//   npm run soak                       # 2,000 readers, 5 minutes (builds first if needed)
//   npm run soak -- --duration 60s     # shorter; --help for every flag
//
// Method and figures: docs/SOAK.md.
import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { channelKey } from "@/lib/realtime/channel";
import { newMember, signIn } from "@/test/support/http";
import { ensureBuild } from "./ensure-build";
import { parseSoakOptions, type SoakOptions } from "./soak/flags";
import { summarizeLatency } from "./soak/latency";
import type { ReaderSpec } from "./soak/protocol";
import { publishAlerts } from "./soak/publisher";
import { ReaderProcesses } from "./soak/reader-processes";
import { alertPhaseDelay, formatReport, memoryPoint, sumTallies, type SoakReport } from "./soak/report";
import { startServerProcess, type ServerProcess } from "./soak/server-process";

const ADMIN = { email: "admin@example.com", password: "admin1234" };
const VISITORS = { name: "visitors" };
const MEMBERS_ONLY = { name: "members", resourceId: "weather" };
/** How long readers get, after the last alert, to be back and caught up before counting. */
const SETTLE_TIMEOUT_MS = 30_000;

async function main(): Promise<number> {
  const options = parseSoakOptions(process.argv.slice(2));
  await ensureBuild(log);
  // Whatever happens, the soak ends: the run, plus time to start, settle and stop.
  const watchdog = setTimeout(() => {
    console.error("soak: watchdog fired; stopping");
    void cleanup().finally(() => process.exit(2));
  }, options.durationMs + 5 * 60_000);
  watchdog.unref();

  let server: ServerProcess | undefined;
  let readers: ReaderProcesses | undefined;
  const cleanup = async () => {
    readers?.close();
    await server?.stop();
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  try {
    log(`starting the server (stats every ${options.statsEveryMs} ms)`);
    server = await startServerProcess(options.statsEveryMs);
    const adminCookie = await signIn(server.url, ADMIN.email, ADMIN.password);
    if (!adminCookie) throw new Error("the demo admin could not sign in");
    const memberCookies = await signUpMembers(server.url, options.memberAccounts);
    const specs = readerSpecs(options, memberCookies);

    log(`connecting ${specs.length} readers in ${options.processes} processes`);
    readers = new ReaderProcesses(options.processes);
    const connected = await readers.connect(server.url, specs);
    log(`${connected.readers} readers subscribed (${connected.failures} failed)`);
    const start = await server.statsAfter(Date.now());

    readers.startChurn(options.churnEveryMs, options.churnFraction, [500, 2_500]);
    const alertsStartedAt = Date.now();
    const loadAtStart = oneMinuteLoad();
    const middleAt = alertsStartedAt + options.durationMs / 2;
    log(`sending an alert every ${options.alertEveryMs} ms for ${options.durationMs / 1000} s`);
    const published = await publishAlerts({
      url: server.url,
      adminCookie,
      channels: [VISITORS, MEMBERS_ONLY],
      everyMs: options.alertEveryMs,
      durationMs: options.durationMs,
      onSent: (sequence) => {
        if (sequence % 30 === 0) log(`${sequence} alerts sent`);
      },
    });
    const alertsEndedAt = Date.now();
    const loadAtEnd = oneMinuteLoad();
    const end = await server.statsAfter(alertsEndedAt);

    log("stopping churn; waiting for every reader to be back and caught up");
    const expected = { [channelKey(VISITORS)]: published.accepted, [channelKey(MEMBERS_ONLY)]: published.accepted };
    const totals = sumTallies(await readers.settle(expected, SETTLE_TIMEOUT_MS));

    const windows = server.stats.filter((s) => s.time > alertsStartedAt + options.statsEveryMs * 0.9 && s.time <= alertsEndedAt + options.statsEveryMs);
    const middle = server.stats.find((s) => s.time > middleAt) ?? end;
    const last = server.stats.at(-1) ?? end;
    const report: SoakReport = {
      options,
      readers: { total: specs.length, members: specs.filter((s) => s.cookie).length, connectFailures: connected.failures },
      alerts: {
        sent: published.accepted.length + published.failed.length,
        accepted: published.accepted.length,
        failed: published.failed,
        postLatency: summarizeLatency(published.postLatency),
      },
      ...totals,
      serverMemory: {
        start: memoryPoint(start),
        middle: memoryPoint(middle),
        end: memoryPoint(end),
        growth: {
          rssMb: Math.round((memoryPoint(end).rssMb - memoryPoint(start).rssMb) * 10) / 10,
          heapUsedMb: Math.round((memoryPoint(end).heapUsedMb - memoryPoint(start).heapUsedMb) * 10) / 10,
        },
      },
      serverEventLoopDelay: { alertPhase: alertPhaseDelay(windows), sinceStart: last.eventLoopDelaySinceStart },
      serverErrors: [...server.errors],
      readerErrors: [...readers.errors],
      loadAverage: { start: loadAtStart, end: loadAtEnd, cores: availableParallelism() },
    };
    console.log(`\n${formatReport(report)}`);
    if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    const isClean = report.deliveries.lost === 0 && report.alerts.failed.length === 0 && connected.failures === 0;
    return isClean ? 0 : 1;
  } finally {
    log("stopping");
    await cleanup();
  }
}


async function signUpMembers(url: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 1) cookies.push((await newMember(url)).cookie);
  return cookies;
}

/** Every reader reads `visitors`; a share of them are members (several per account, like tabs) who also read a members-only channel. */
function readerSpecs(options: SoakOptions, memberCookies: string[]): ReaderSpec[] {
  const memberEvery = options.memberShare > 0 ? Math.round(1 / options.memberShare) : Infinity;
  return Array.from({ length: options.readers }, (_, index) => {
    const isMember = index % memberEvery === 0 && memberCookies.length > 0;
    return isMember
      ? { index, cookie: memberCookies[Math.floor(index / memberEvery) % memberCookies.length], channels: [VISITORS, MEMBERS_ONLY] }
      : { index, channels: [VISITORS] };
  });
}

function oneMinuteLoad(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

function log(message: string): void {
  console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("soak failed:", error);
    process.exit(1);
  },
);
