import { expect, it } from "vitest";
import { measurePublishFixed } from "@/bench/publish-fixed/measure";

// Keeps `npm run bench:publish` working: a few sends to the floor and to the product. Times on
// these shared machines say nothing, so only that every figure was measured is asserted.
it("times sends to the floor and to the product and returns a row per figure", async () => {
  const rows = await measurePublishFixed({ sends: 5, warmUp: 1 });
  expect(rows.map((row) => row.figure)).toEqual(["publish, no reader, p50", "publish, no reader, p95"]);
  for (const row of rows) {
    expect(row.unit).toBe("ms");
    expect(row.floor).toBeGreaterThan(0);
    expect(row.product).toBeGreaterThan(0);
  }
}, 120_000);
