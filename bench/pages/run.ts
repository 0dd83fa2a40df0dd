// `npm run bench:pages`: Lighthouse on the reader's pages of the production build (issue 15).
// Flags: --runs N (per page, default 3), --json FILE (every run's figures and the JS files).
// Env: CHROMIUM_PATH (or CHROME_PATH), default /usr/bin/chromium.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { api, demoAdmin, signIn } from "@/test/support/http";
import { removeDataDir, startTestServer } from "@/test/support/server";
import { ensureBuild } from "../ensure-build";
import { findingsOf, formatReport, mainThreadOf, medianFigures, readFigures, type LighthouseResult, type PageReport } from "./figures";
import { fetchBody, scriptUrlsInHtml, scriptUrlsOf, weighJavaScript } from "./javascript-weight";
import { auditIdsOf, startLighthouse } from "./lighthouse-runner";

const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "3" }, json: { type: "string" } } });
const runsPerPage = Number(flags.runs);
if (!Number.isInteger(runsPerPage) || runsPerPage < 1) throw new Error("--runs must be a positive integer");
const chromePath = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || "/usr/bin/chromium";
const log = (message: string) => console.error(`[bench:pages] ${message}`);

await ensureBuild(log);
const server = await startTestServer();
try {
  const { url } = server;
  // A reader arriving during a story: an active alert in the banner of every page.
  const cookie = await signIn(url, demoAdmin.email, demoAdmin.password);
  if (!cookie) throw new Error("the demo admin could not sign in");
  const sent = await api(url, "/api/alerts", {
    method: "POST",
    cookie,
    body: { text: "Storm warning: the valley road is closed until further notice", color: "#b91c1c", channels: [{ name: "visitors" }] },
  });
  if (sent.status !== 201) throw new Error(`POST /api/alerts answered ${sent.status}`);

  const homeHtml = await (await fetch(url)).text();
  const storyPath = /href="(\/stories\/[a-z0-9-]+)"/.exec(homeHtml)?.[1];
  if (!storyPath) throw new Error("the home page links no story");
  const pages = [
    { name: "home", path: "/" },
    { name: "alert archive", path: "/alerts" },
    { name: "story", path: storyPath },
  ];
  // One unmeasured request each: the first render of a route loads its server code.
  for (const page of pages) await fetch(new URL(page.path, url));

  const lighthouse = await startLighthouse(chromePath);
  const reports: PageReport[] = [];
  const homeResults: LighthouseResult[] = [];
  try {
    for (const page of pages) {
      const results: LighthouseResult[] = [];
      for (let run = 1; run <= runsPerPage; run++) {
        log(`${page.name}: run ${run} of ${runsPerPage} (load average ${loadavg()[0]!.toFixed(2)})`);
        results.push(await lighthouse.run(new URL(page.path, url).href));
      }
      if (page.path === "/") homeResults.push(...results);
      const runs = results.map(readFigures);
      const median = medianFigures(runs);
      // The findings of the run closest to the median score: what a typical load pays for.
      const typical = results[runs.findIndex((figures) => figures.performance === Math.round(median.performance))] ?? results[0]!;
      const findings = findingsOf(typical, auditIdsOf(typical, "accessibility"), auditIdsOf(typical, "performance"));
      reports.push({ ...page, runs, median, findings, mainThread: mainThreadOf(typical) });
    }
  } finally {
    await lighthouse.close();
  }

  const loaded = scriptUrlsOf(homeResults[0]!.audits["network-requests"]?.details?.items ?? [], new URL(url).origin);
  const homeJavaScript = await weighJavaScript(loaded, new Set(scriptUrlsInHtml(homeHtml, url)), fetchBody);

  console.log(formatReport(reports, homeJavaScript, { loadAverage: loadavg(), date: new Date().toISOString() }));
  console.log("\nHome page scripts (gzip KB):");
  for (const file of homeJavaScript.files) console.log(`  ${(file.gzipBytes / 1024).toFixed(1).padStart(6)}  ${new URL(file.url).pathname}${file.inHtml ? "" : "  (loaded by a script)"}`);
  for (const report of reports) {
    console.log(`\nWhat costs ${report.name} points (a median run):`);
    for (const finding of report.findings) console.log(`  - ${finding}`);
    if (report.findings.length === 0) console.log("  - nothing under 0.9");
    for (const line of report.mainThread) console.log(`  ${line}`);
  }
  if (flags.json) writeFileSync(flags.json, JSON.stringify({ pages: reports, homeJavaScript, loadAverage: loadavg() }, null, 2));
} finally {
  await server.stop();
  removeDataDir(server.dataDir);
}
