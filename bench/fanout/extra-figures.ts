// Figures measured elsewhere that `npm run bench` prints in its final table, each next to its
// floor with the ratio (issue 15): a send with no reader connected (`npm run bench:publish`)
// and the idle server's memory (`npm run bench:memory`). run.ts measures them after the
// fan-out and restart-storm runs. The page scores have no floor and stay in `npm run bench:pages`.
import { measureIdleMemory } from "../idle-memory";
import { measurePublishFixed, type FixedRow } from "../publish-fixed/measure";

export type ExtraFigureRow = FixedRow;

export type ExtraFigure = { name: string; measure: () => Promise<ExtraFigureRow[]> };

export const EXTRA_FIGURES: ExtraFigure[] = [
  { name: "publish with no reader (embedded database)", measure: () => measurePublishFixed() },
  { name: "idle memory (embedded defaults)", measure: () => measureIdleMemory() },
];

/** Measures each extra figure in turn; one that fails is reported and left out, not fatal to the run. */
export async function measureExtraFigures(figures: ExtraFigure[] = EXTRA_FIGURES): Promise<Array<ExtraFigureRow & { name: string }>> {
  const rows: Array<ExtraFigureRow & { name: string }> = [];
  for (const figure of figures) {
    try {
      rows.push(...(await figure.measure()).map((row) => ({ ...row, name: figure.name })));
    } catch (error) {
      console.error(`${figure.name}: could not be measured:`, error);
    }
  }
  return rows;
}
