import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createThrowawayDatabase } from "@/test/db/support/real-postgres";
import { listTypeChannels } from "../fanout/readers";
import { summarize } from "../fanout/stats";
import { startAppTarget, startFloorTarget, type AlertBody, type Target } from "../fanout/targets";
import type { FixedRow } from "./rows";

export type { FixedRow } from "./rows";

export type PublishFixedOptions = {
  /** Measured sends (after the warm-up), one after the other. */
  sends?: number;
  warmUp?: number;
  /** A PostgreSQL server to run the product on (a fresh database is made there and dropped); embedded PGlite without. */
  databaseUrl?: string;
  log?: (message: string) => void;
};

/**
 * The publish API's round trip with no reader connected: the demo admin, signed in, sends
 * two-channel alerts (`visitors` and one members' type) one after the other, and the same
 * bodies go to the bare floor server's `POST /publish` in the same run. What is left is the
 * product's fixed cost per send: auth, validation, the database transaction, the answer.
 */
export async function measurePublishFixed(options: PublishFixedOptions = {}): Promise<FixedRow[]> {
  const { sends = 200, warmUp = 20, databaseUrl, log = () => undefined } = options;
  const floor = await startFloorTarget();
  let floorTimes: number[];
  try {
    floorTimes = await timeSends(floor, [{ name: "visitors" }, { name: "members", resourceId: "breaking" }], sends, warmUp);
  } finally {
    await floor.stop();
  }
  log(`floor: ${sends} sends done`);

  const dataDir = mkdtempSync(path.join(tmpdir(), "newsflash-publish-fixed-"));
  const database = databaseUrl ? await createThrowawayDatabase(databaseUrl) : undefined;
  try {
    const app = await startAppTarget({ dataDirs: [dataDir], ...(database ? { env: { DATABASE_URL: database.connectionString } } : {}) });
    let appTimes: number[];
    try {
      const { channels } = await listTypeChannels(app.url);
      appTimes = await timeSends(app, [{ name: "visitors" }, channels[0]!], sends, warmUp);
    } finally {
      await app.stop();
    }
    log(`product (${database ? "PostgreSQL" : "embedded PGlite"}): ${sends} sends done`);
    const floorStats = summarize(floorTimes);
    const appStats = summarize(appTimes);
    return [
      { figure: "publish, no reader, p50", floor: floorStats.p50, product: appStats.p50, unit: "ms" },
      { figure: "publish, no reader, p95", floor: floorStats.p95, product: appStats.p95, unit: "ms" },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

/** Round trips in milliseconds of `sends` sequential publishes, after `warmUp` unmeasured ones. */
async function timeSends(target: Target, channels: AlertBody["channels"], sends: number, warmUp: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < warmUp + sends; index += 1) {
    const body: AlertBody = { text: `Fixed-cost alert ${index}`, color: "#c62828", channels };
    const started = performance.now();
    const deliveries = await target.publish(body);
    const elapsed = performance.now() - started;
    if (deliveries.length !== channels.length) throw new Error(`expected ${channels.length} deliveries, got ${deliveries.length}`);
    if (index >= warmUp) times.push(elapsed);
  }
  return times;
}
