import { expect, it } from "vitest";
import { measureExtraFigures, type ExtraFigure } from "@/bench/fanout/extra-figures";
import { formatStormTable } from "@/bench/fanout/storm-report";

// The extension point the final table of `npm run bench` offers other measurements (issue 15):
// each row printed next to its floor with the ratio; one that fails to measure is left out.

it("appends each extra figure to the final table with its ratio, and leaves out one that fails", async () => {
  const figures: ExtraFigure[] = [
    { name: "idle server", measure: async () => [{ figure: "resident memory", floor: 50, product: 300, unit: "MB" }] },
    { name: "broken", measure: async () => Promise.reject(new Error("no browser")) },
  ];
  const rows = await measureExtraFigures(figures);
  expect(rows).toEqual([{ name: "idle server", figure: "resident memory", floor: 50, product: 300, unit: "MB" }]);

  const table = formatStormTable([], rows).split("\n");
  expect(table[0]).toBe("| readers | run | figure | floor | app | app / floor |");
  expect(table.at(-1)).toBe("| - | - | idle server: resident memory (MB) | 50.0 | 300.0 | 6.00x |");
});
