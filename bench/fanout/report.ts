import { cpus, availableParallelism, totalmem } from "node:os";
import type { Measurement } from "./measure";
import { ratio } from "./stats";

export type Pair = { readers: number; repetition: number; floor: Measurement; app: Measurement };

/** `--compare-instances`: the product on one instance and on two (readers split), both on PostgreSQL and Redis, and the floor. */
export type InstanceComparison = { readers: number; repetition: number; floor: Measurement; one: Measurement; two: Measurement };

export type Machine = { cpuModel: string; cpus: number; memoryGiB: number; node: string; date: string };

export function describeMachine(): Machine {
  return {
    cpuModel: cpus()[0]?.model ?? "unknown",
    cpus: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}

type Row = { label: string; pick: (measurement: Measurement) => number; digits: number; isCount?: boolean };

const ROWS: Row[] = [
  { label: "fan-out p50 (ms)", pick: (m) => m.fanout.p50, digits: 1 },
  { label: "fan-out p95 (ms)", pick: (m) => m.fanout.p95, digits: 1 },
  { label: "fan-out p99 (ms)", pick: (m) => m.fanout.p99, digits: 1 },
  { label: "fan-out max (ms)", pick: (m) => m.fanout.max, digits: 1 },
  { label: "deliveries lost", pick: (m) => m.lost + m.leaked, digits: 0, isCount: true },
  { label: "readers that never got in", pick: (m) => m.readers - m.connected, digits: 0, isCount: true },
  { label: "publish API p50 (ms)", pick: (m) => m.publish.p50, digits: 1 },
  { label: "publish API p95 (ms)", pick: (m) => m.publish.p95, digits: 1 },
  { label: "memory per reader (KB)", pick: (m) => m.memoryPerReaderBytes / 1024, digits: 1 },
  { label: "heap kept per reader, after full GC (KB)", pick: (m) => m.heapKeptPerReaderBytes / 1024, digits: 1 },
  { label: "subscribe storm (ms)", pick: (m) => m.stormMs, digits: 0 },
];

/** One markdown table: every figure of the product next to the floor's from the same run, and their ratio. */
export function formatTable(pairs: Pair[]): string {
  const lines = ["| readers | run | figure | floor | app | app / floor |", "|---:|---:|---|---:|---:|---:|"];
  for (const pair of pairs) {
    for (const row of ROWS) {
      const floor = row.pick(pair.floor);
      const app = row.pick(pair.app);
      const shownRatio = row.isCount ? "-" : format(ratio(app, floor), 2) + "x";
      lines.push(`| ${pair.readers} | ${pair.repetition} | ${row.label} | ${format(floor, row.digits)} | ${format(app, row.digits)} | ${shownRatio} |`);
    }
  }
  return lines.join("\n");
}

// The comparison also shows what only several instances can get wrong: a count that leaves an
// instance out, a copy sent twice (once by the adapter, once by the cluster's own fan-out).
const INSTANCE_ROWS: Row[] = [
  ...ROWS.slice(0, 6),
  { label: "duplicate copies", pick: (m) => m.duplicates, digits: 0, isCount: true },
  { label: "recipients miscounted (channel deliveries)", pick: (m) => m.recipientsMiscounted, digits: 0, isCount: true },
  ...ROWS.slice(6),
];

/** One markdown table: every figure on one instance and on two, the floor's, and the ratios that compare them. */
export function formatInstanceTable(comparisons: InstanceComparison[]): string {
  const lines = [
    "| readers | run | figure | floor | one instance | two instances | two / one | one / floor | two / floor |",
    "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { readers, repetition, floor, one, two } of comparisons) {
    for (const row of INSTANCE_ROWS) {
      const [f, o, t] = [floor, one, two].map(row.pick) as [number, number, number];
      const ratios = row.isCount ? ["-", "-", "-"] : [ratio(t, o), ratio(o, f), ratio(t, f)].map((value) => format(value, 2) + "x");
      lines.push(`| ${readers} | ${repetition} | ${row.label} | ${format(f, row.digits)} | ${format(o, row.digits)} | ${format(t, row.digits)} | ${ratios.join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

function format(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}
