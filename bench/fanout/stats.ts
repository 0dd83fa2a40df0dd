export type Distribution = { count: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles (no interpolation): every figure is a value that was measured. */
export function summarize(values: number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** `value / floor`, NaN when either is missing or the floor is zero. */
export function ratio(value: number, floor: number): number {
  return Number.isFinite(value) && Number.isFinite(floor) && floor !== 0 ? value / floor : Number.NaN;
}
