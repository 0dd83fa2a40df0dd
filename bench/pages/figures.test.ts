import { describe, expect, it } from "vitest";
import { checkTargets, findingsOf, formatReport, mainThreadOf, median, medianFigures, readFigures, type JavaScriptWeight, type LighthouseResult, type PageFigures } from "./figures";

function result(performance: number, tbt: number, extra: Partial<LighthouseResult["audits"]> = {}): LighthouseResult {
  return {
    categories: { performance: { score: performance }, accessibility: { score: 1 } },
    audits: {
      "total-blocking-time": { score: 0.5, numericValue: tbt },
      "largest-contentful-paint": { score: 0.5, numericValue: 3000 },
      "first-contentful-paint": { score: 0.9, numericValue: 1200 },
      "cumulative-layout-shift": { score: 1, numericValue: 0.01 },
      ...extra,
    },
  };
}

const weight = (gzipKB: number): JavaScriptWeight => ({ gzipBytes: gzipKB * 1024, rawBytes: gzipKB * 3 * 1024, inHtmlGzipBytes: gzipKB * 1024, files: [] });

describe("median", () => {
  it("takes the middle of an odd count and the mean of the middle two of an even one, in any order", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([7])).toBe(7);
  });

  it("refuses an empty list rather than answer NaN", () => {
    expect(() => median([])).toThrow();
  });
});

describe("readFigures", () => {
  it("reads scores as 0 to 100 and the metrics in ms", () => {
    expect(readFigures(result(0.655, 2100))).toEqual({
      performance: 66,
      accessibility: 100,
      totalBlockingTimeMs: 2100,
      largestContentfulPaintMs: 3000,
      firstContentfulPaintMs: 1200,
      cumulativeLayoutShift: 0.01,
    });
  });

  it("fails when Lighthouse could not score a page, instead of reporting 0", () => {
    const failed = result(0.5, 100);
    failed.categories.performance = { score: null };
    expect(() => readFigures(failed)).toThrow(/performance/);
  });
});

describe("medianFigures", () => {
  it("takes each figure's median on its own", () => {
    const runs: PageFigures[] = [readFigures(result(0.6, 3000)), readFigures(result(0.7, 1000)), readFigures(result(0.65, 2000))];
    const m = medianFigures(runs);
    expect(m.performance).toBe(65);
    expect(m.totalBlockingTimeMs).toBe(2000);
  });
});

describe("findingsOf", () => {
  it("lists failed accessibility audits and slow performance audits, worst first, skipping the rest", () => {
    const run = result(0.6, 2000, {
      "color-contrast": { score: 0, title: "Contrast" },
      "image-alt": { score: 1 },
      "aria-hidden-body": { score: null, scoreDisplayMode: "notApplicable" },
      "bootup-time": { score: 0.5, displayValue: "2.1 s" },
      "unused-javascript": { score: 0.2, displayValue: "Potential savings of 40 KiB" },
      "dom-size": { score: 0.95 },
    });
    expect(findingsOf(run, ["color-contrast", "image-alt", "aria-hidden-body"], ["unused-javascript", "bootup-time", "dom-size"])).toEqual([
      "accessibility: color-contrast (Contrast)",
      "performance: unused-javascript: Potential savings of 40 KiB",
      "performance: bootup-time: 2.1 s",
    ]);
  });
});

describe("targets and report", () => {
  const page = (performance: number, accessibility: number) => {
    const figures = { ...readFigures(result(performance / 100, 150)), accessibility };
    return { name: "home", path: "/", runs: [figures], median: figures, findings: [], mainThread: [] };
  };

  it("holds at the boundary and misses just past it", () => {
    expect(checkTargets([page(90, 100)], weight(120)).map((c) => c.held)).toEqual([true, true, true]);
    expect(checkTargets([page(89, 99)], weight(121)).map((c) => c.held)).toEqual([false, false, false]);
  });

  it("prints each page's medians, its runs' scores and whether each target held", () => {
    const text = formatReport([page(66, 100)], weight(144), { loadAverage: [1.5, 2, 3], date: "2026-12-03T08:00:00Z" });
    expect(text).toContain("| home (/) | 66 (66) | 150 |");
    expect(text).toContain("144.0 KB gzip");
    expect(text).toContain("| home: performance >= 90 | 66 | **no** |");
    expect(text).toContain("load average 1.50 2.00 3.00");
  });
});

describe("mainThreadOf", () => {
  it("lists the largest kinds of main-thread work and the scripts that cost most, by path", () => {
    const run = result(0.9, 100, {
      "mainthread-work-breakdown": { score: 1, details: { items: [{ group: "other", groupLabel: "Other", duration: 120.4 }, { group: "scriptEvaluation", groupLabel: "Script Evaluation", duration: 800.6 }] } },
      "bootup-time": { score: 1, details: { items: [{ url: "Unattributable", scripting: 90 }, { url: "http://h:1/_next/static/chunks/a.js?x=1", scripting: 400.2, scriptParseCompile: 50 }] } },
    });
    expect(mainThreadOf(run)).toEqual([
      "main thread: Script Evaluation 801 ms, Other 120 ms",
      "script /_next/static/chunks/a.js?x=1: scripting 400 ms, parse 50 ms",
      "script Unattributable: scripting 90 ms, parse 0 ms",
    ]);
  });
});
