// Replay reads of a reconnect storm, with and without coalescing (issue 15): N readers of one
// channel ask, at the same moment, for what came after the same message, from the production
// message log (Prisma) on a fresh embedded database. Prints wall time and this process's CPU
// time per storm, plain (one query per reader) and coalesced (server/realtime/coalesced-log-reads.ts),
// alternating, and the median of each. Not a test; nothing here is asserted.
//
//   npx tsx bench/replay-reads.ts [readers, default 2000] [repetitions, default 5]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@/server/db/open-database";
import { createPrismaMessageLog } from "@/server/db/prisma-message-log";
import { coalesceLogReads } from "@/server/realtime/coalesced-log-reads";
import type { MessageLog } from "@/server/realtime/message-log";

const readers = Number(process.argv[2] ?? 2000);
const repetitions = Number(process.argv[3] ?? 5);
const channel = { name: "visitors" };

const dataDir = mkdtempSync(path.join(tmpdir(), "replay-reads-"));
const database = await openDatabase({ dataDir, seedDemoUsers: false });
try {
  const plain = createPrismaMessageLog(database.db);
  const ids: string[] = [];
  for (let index = 0; index < 60; index += 1) ids.push((await plain.append(channel, { text: `alert ${index}`, color: "#c81e1e" })).id);
  // Every reader saw message 50 and missed the 9 after it.
  const since = ids[50]!;

  async function storm(log: MessageLog): Promise<{ wallMs: number; cpuMs: number }> {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const notBefore = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const results = await Promise.all(Array.from({ length: readers }, () => log.readAfter(channel, since, { limit: 100, notBefore })));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (results.some((result) => result.messages.length !== 9 || !result.complete)) throw new Error("a replay read answered wrongly");
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  }

  const figures = { plain: [] as { wallMs: number; cpuMs: number }[], coalesced: [] as { wallMs: number; cpuMs: number }[] };
  await storm(plain); // warm-up
  for (let repetition = 0; repetition < repetitions; repetition += 1) {
    figures.plain.push(await storm(plain));
    // A fresh wrapper each time, as the server has one for its life; nothing carries over.
    figures.coalesced.push(await storm(coalesceLogReads(plain)));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [mode, runs] of Object.entries(figures)) {
    console.log(
      `${mode.padEnd(9)} ${readers} readers: wall ${runs.map((run) => run.wallMs.toFixed(0)).join(", ")} ms (median ${median(runs.map((run) => run.wallMs)).toFixed(0)}); ` +
        `CPU ${runs.map((run) => run.cpuMs.toFixed(0)).join(", ")} ms (median ${median(runs.map((run) => run.cpuMs)).toFixed(0)})`,
    );
  }
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
