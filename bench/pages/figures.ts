// The pure half of `npm run bench:pages`: what one Lighthouse run says about a page, the median
// of several runs, and the targets of issue 15. No Lighthouse, browser or server here, so the
// unit tests run it on small hand-made results.

/** The parts of a Lighthouse result (LHR) this benchmark reads; the real type is far larger. */
export type LighthouseResult = {
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, LighthouseAudit | undefined>;
};

export type LighthouseAudit = {
  id?: string;
  title?: string;
  score: number | null;
  scoreDisplayMode?: string;
  numericValue?: number;
  displayValue?: string;
  details?: { items?: unknown[] };
};

/** One run's figures. Scores are 0 to 100, as Lighthouse's report shows them; times in ms. */
export type PageFigures = {
  performance: number;
  accessibility: number;
  totalBlockingTimeMs: number;
  largestContentfulPaintMs: number;
  firstContentfulPaintMs: number;
  cumulativeLayoutShift: number;
};

export function readFigures(result: LighthouseResult): PageFigures {
  return {
    performance: score(result, "performance"),
    accessibility: score(result, "accessibility"),
    totalBlockingTimeMs: numeric(result, "total-blocking-time"),
    largestContentfulPaintMs: numeric(result, "largest-contentful-paint"),
    firstContentfulPaintMs: numeric(result, "first-contentful-paint"),
    cumulativeLayoutShift: numeric(result, "cumulative-layout-shift"),
  };
}

function score(result: LighthouseResult, category: string): number {
  const value = result.categories[category]?.score;
  // A category Lighthouse could not score (the page failed to load) must not pass as 0 silently.
  if (typeof value !== "number") throw new Error(`Lighthouse gave no ${category} score`);
  return Math.round(value * 100);
}

function numeric(result: LighthouseResult, auditId: string): number {
  const value = result.audits[auditId]?.numericValue;
  if (typeof value !== "number") throw new Error(`Lighthouse gave no value for ${auditId}`);
  return value;
}

/** The median (the mean of the middle two for an even count); throws on an empty list. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Each figure's median over the runs, taken figure by figure (as Lighthouse CI does). */
export function medianFigures(runs: PageFigures[]): PageFigures {
  const of = (pick: (figures: PageFigures) => number) => median(runs.map(pick));
  return {
    performance: of((f) => f.performance),
    accessibility: of((f) => f.accessibility),
    totalBlockingTimeMs: of((f) => f.totalBlockingTimeMs),
    largestContentfulPaintMs: of((f) => f.largestContentfulPaintMs),
    firstContentfulPaintMs: of((f) => f.firstContentfulPaintMs),
    cumulativeLayoutShift: of((f) => f.cumulativeLayoutShift),
  };
}

/**
 * The audits that cost a run points, worst first: performance audits scoring under 0.9 with what
 * they measured, and every failed accessibility audit (one failure is enough to miss 100).
 */
export function findingsOf(result: LighthouseResult, accessibilityAuditIds: string[], performanceAuditIds: string[]): string[] {
  const findings: string[] = [];
  for (const id of accessibilityAuditIds) {
    const audit = result.audits[id];
    if (audit && audit.scoreDisplayMode !== "notApplicable" && audit.scoreDisplayMode !== "manual" && audit.score !== null && audit.score < 1) {
      findings.push(`accessibility: ${id}${audit.title ? ` (${audit.title})` : ""}`);
    }
  }
  const slow = performanceAuditIds
    .map((id) => ({ id, audit: result.audits[id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative")
    .sort((a, b) => (a.audit!.score ?? 0) - (b.audit!.score ?? 0));
  for (const { id, audit } of slow) findings.push(`performance: ${id}${audit!.displayValue ? `: ${audit!.displayValue}` : ""}`);
  return findings;
}

export type PageReport = { name: string; path: string; runs: PageFigures[]; median: PageFigures; findings: string[]; mainThread: string[] };

/** What the page's JavaScript weighs: gzip bytes, all of it, and the part named in the HTML. */
export type JavaScriptWeight = { gzipBytes: number; rawBytes: number; inHtmlGzipBytes: number; files: { url: string; gzipBytes: number; inHtml: boolean }[] };

export const TARGETS = { performance: 90, accessibility: 100, homeJavaScriptGzipKB: 120 } as const;

export type TargetCheck = { label: string; figure: string; held: boolean };

export function checkTargets(pages: PageReport[], homeJavaScript: JavaScriptWeight): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const page of pages) {
    checks.push({ label: `${page.name}: performance >= ${TARGETS.performance}`, figure: String(page.median.performance), held: page.median.performance >= TARGETS.performance });
    checks.push({ label: `${page.name}: accessibility = ${TARGETS.accessibility}`, figure: String(page.median.accessibility), held: page.median.accessibility >= TARGETS.accessibility });
  }
  const kilobytes = homeJavaScript.gzipBytes / 1024;
  checks.push({ label: `home JavaScript <= ${TARGETS.homeJavaScriptGzipKB} KB gzip`, figure: `${kilobytes.toFixed(1)} KB`, held: kilobytes <= TARGETS.homeJavaScriptGzipKB });
  return checks;
}

/** Markdown: one row per page (medians, with each run's performance score), then the targets. */
export function formatReport(pages: PageReport[], homeJavaScript: JavaScriptWeight, machine: { loadAverage: number[]; date: string }): string {
  const lines = [
    `Lighthouse mobile (default config), ${pages[0]?.runs.length ?? 0} runs per page, medians; ${machine.date}, load average ${machine.loadAverage.map((v) => v.toFixed(2)).join(" ")}`,
    "",
    "| page | performance (runs) | TBT ms | LCP ms | FCP ms | CLS | accessibility |",
    "|---|---|---:|---:|---:|---:|---:|",
  ];
  for (const page of pages) {
    const m = page.median;
    const runs = page.runs.map((run) => run.performance).join(", ");
    lines.push(`| ${page.name} (${page.path}) | ${m.performance} (${runs}) | ${m.totalBlockingTimeMs.toFixed(0)} | ${m.largestContentfulPaintMs.toFixed(0)} | ${m.firstContentfulPaintMs.toFixed(0)} | ${m.cumulativeLayoutShift.toFixed(3)} | ${m.accessibility} |`);
  }
  lines.push(
    "",
    `Home page JavaScript: ${kb(homeJavaScript.gzipBytes)} KB gzip (${kb(homeJavaScript.rawBytes)} KB uncompressed), ${homeJavaScript.files.length} files; ${kb(homeJavaScript.inHtmlGzipBytes)} KB gzip of it named in the HTML, the rest loaded by those scripts`,
    "",
    "| target | figure | held? |",
    "|---|---|---|",
  );
  for (const check of checkTargets(pages, homeJavaScript)) lines.push(`| ${check.label} | ${check.figure} | ${check.held ? "yes" : "**no**"} |`);
  return lines.join("\n");
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/**
 * Where a run's main-thread time went, from Lighthouse's diagnostics: time per kind of work
 * (`mainthread-work-breakdown`) and per script (`bootup-time`, scripting and parsing), largest
 * first. Times are Lighthouse's, on its simulated phone (the CPU slowed 4x).
 */
export function mainThreadOf(result: LighthouseResult, top = 6): string[] {
  const lines: string[] = [];
  const work = (result.audits["mainthread-work-breakdown"]?.details?.items ?? []) as { groupLabel?: string; group?: string; duration?: number }[];
  const byKind = work
    .filter((item) => typeof item.duration === "number")
    .sort((a, b) => b.duration! - a.duration!)
    .slice(0, top)
    .map((item) => `${item.groupLabel ?? item.group} ${item.duration!.toFixed(0)} ms`);
  if (byKind.length > 0) lines.push(`main thread: ${byKind.join(", ")}`);
  const scripts = (result.audits["bootup-time"]?.details?.items ?? []) as { url?: string; scripting?: number; scriptParseCompile?: number }[];
  const costliest = scripts.filter((entry) => typeof entry.scripting === "number").sort((a, b) => b.scripting! - a.scripting!);
  for (const item of costliest.slice(0, top)) {
    lines.push(`script ${shortUrl(item.url)}: scripting ${item.scripting!.toFixed(0)} ms, parse ${(item.scriptParseCompile ?? 0).toFixed(0)} ms`);
  }
  return lines;
}

function shortUrl(url: string | undefined): string {
  if (!url) return "?";
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url; // Lighthouse names unattributable work "Other" or "Unattributable".
  }
}
