/** One printed figure: the floor's and the product's value, measured in the same run. */
export type FixedRow = { figure: string; floor: number; product: number; unit: string };

/** A Markdown table of the rows, with the ratio to the floor. */
export function formatFixedRows(rows: FixedRow[]): string {
  const lines = ["| figure | floor | product | product / floor |", "|---|---|---|---|"];
  for (const { figure, floor, product, unit } of rows) {
    lines.push(`| ${figure} | ${floor.toFixed(1)} ${unit} | ${product.toFixed(1)} ${unit} | ${(product / floor).toFixed(2)}x |`);
  }
  return lines.join("\n");
}
