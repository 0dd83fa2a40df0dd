import type { ExtraFigureRow } from "./extra-figures";
import type { StormMeasurement } from "./restart-storm";
import { ratio } from "./stats";

/** One restart storm: the product and the floor, the same readers taken down with the same signal. */
export type StormPair = { scenario: string; readers: number; repetition: number; floor: StormMeasurement; app: StormMeasurement };

type Row = { label: string; floor: (m: StormMeasurement) => number; app: (m: StormMeasurement) => number; digits: number; isCount?: boolean };

const same = (pick: (m: StormMeasurement) => number) => ({ floor: pick, app: pick });

// The headline compares unlike things on purpose (issue 15): the product's readers are caught up
// on every alert owed to them, the floor's only reconnected and resubscribed (it keeps no log).
const ROWS: Row[] = [
  { label: "last reader caught up, from the server answering (ms; floor: reconnected and resubscribed)", floor: (m) => m.lastBackMs, app: (m) => m.lastCaughtUpMs, digits: 0 },
  { label: "last reader reconnected and resubscribed, from the server answering (ms)", ...same((m) => m.lastBackMs), digits: 0 },
  { label: "last reader caught up, from the signal (ms; floor: reconnected and resubscribed)", ...same((m) => m.lastCaughtUpFromSignalMs), digits: 0 },
  { label: "server down: signal to health answering (ms)", ...same((m) => m.downMs), digits: 0 },
  { label: "alerts owed after the restart", ...same((m) => m.owedAfterRestart), digits: 0, isCount: true },
  { label: "alerts lost (owed, never received)", ...same((m) => m.lost), digits: 0, isCount: true },
  { label: "duplicate copies", ...same((m) => m.duplicates), digits: 0, isCount: true },
  { label: "copies leaked to readers not subscribed", ...same((m) => m.leaked), digits: 0, isCount: true },
  { label: "readers not back", ...same((m) => m.notBack), digits: 0, isCount: true },
  { label: "readers not caught up", ...same((m) => m.notCaughtUp), digits: 0, isCount: true },
  { label: "readers that never got in (before the restart)", ...same((m) => m.readers - m.connected), digits: 0, isCount: true },
  { label: "readers disconnected by the restart", ...same((m) => m.disconnected), digits: 0, isCount: true },
  { label: "resubscribes slower than the browser's 10 s timeout", ...same((m) => m.slowSubscribes), digits: 0, isCount: true },
  { label: "replays incomplete (complete: false)", ...same((m) => m.incompleteReplays), digits: 0, isCount: true },
  { label: "failed reconnection attempts (back-off at work)", ...same((m) => m.failedReconnects), digits: 0, isCount: true },
];

const HEADER = ["| readers | run | figure | floor | app | app / floor |", "|---:|---:|---|---:|---:|---:|"];

/** In report.ts's table style: each figure of the product next to the floor's from the same run, and their ratio. */
export function formatStormTable(pairs: StormPair[], extras: Array<ExtraFigureRow & { name: string }> = []): string {
  return [...HEADER, ...formatStormRows(pairs, extras)].join("\n");
}

/** The rows alone, to follow report.ts's fan-out table (same columns) in one final table. */
export function formatStormRows(pairs: StormPair[], extras: Array<ExtraFigureRow & { name: string }> = []): string[] {
  const lines: string[] = [];
  for (const pair of pairs) {
    for (const row of ROWS) {
      const floor = row.floor(pair.floor);
      const app = row.app(pair.app);
      const shownRatio = row.isCount ? "-" : format(ratio(app, floor), 2) + "x";
      lines.push(`| ${pair.readers} | ${pair.repetition} | ${pair.scenario} (${pair.app.signal}): ${row.label} | ${format(floor, row.digits)} | ${format(app, row.digits)} | ${shownRatio} |`);
    }
  }
  lines.push(...formatExtraRows(extras));
  return lines;
}

/** EXTRA_FIGURES' rows, in the same columns (no size or run of their own). */
export function formatExtraRows(extras: Array<ExtraFigureRow & { name: string }>): string[] {
  return extras.map((row) => `| - | - | ${row.name}: ${row.figure} (${row.unit}) | ${format(row.floor, 1)} | ${format(row.product, 1)} | ${format(ratio(row.product, row.floor), 2)}x |`);
}

/** What the product lost or sent twice, with what each reader asked for and was answered (for a bug report). */
export function formatEvidence(pairs: StormPair[]): string {
  const lines: string[] = [];
  for (const pair of pairs) {
    for (const item of pair.app.evidence) lines.push(`${pair.scenario} ${pair.readers} run ${pair.repetition}: lost ${JSON.stringify(item)}`);
    for (const item of pair.app.duplicateEvidence) lines.push(`${pair.scenario} ${pair.readers} run ${pair.repetition}: duplicate ${JSON.stringify(item)}`);
  }
  return lines.join("\n");
}

function format(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}
