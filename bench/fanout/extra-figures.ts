// Figures measured elsewhere that `npm run bench` prints in its final table, each next to its
// floor with the ratio (issue 15: e.g. the page scores, the idle server's memory). Empty for
// now: append an entry here and run.ts measures it after the fan-out and restart-storm runs.

export type ExtraFigureRow = { figure: string; floor: number; product: number; unit: string };

export type ExtraFigure = { name: string; measure: () => Promise<ExtraFigureRow[]> };

export const EXTRA_FIGURES: ExtraFigure[] = [];

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
