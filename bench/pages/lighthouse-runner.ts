import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import type { LighthouseResult } from "./figures";

// Lighthouse 12.2.3 (13 needs Node 22) driving Debian's Chromium, headless. The default
// config is the mobile one (a mid-range phone, simulated slow 4G and 4x CPU slowdown): the
// figures of issue 15 are that config's.

export type LighthouseRunner = { run: (url: string) => Promise<LighthouseResult>; close: () => Promise<void> };

export async function startLighthouse(chromePath: string): Promise<LighthouseRunner> {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    logLevel: "error",
  });
  return {
    async run(url) {
      // Lighthouse now and then fails to record the trace of a load (NO_NAVSTART) on this busy
      // machine; such a run has no figures, so it is made again, at most twice.
      for (let attempt = 1; ; attempt++) {
        const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        const lhr = result.lhr;
        if (!lhr.runtimeError) return lhr as unknown as LighthouseResult;
        const problem = `Lighthouse could not load ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
        if (attempt === 3) throw new Error(problem);
        console.error(`[bench:pages] ${problem}; running it again`);
      }
    },
    close: async () => {
      chrome.kill();
    },
  };
}

/** The audit ids of a category in this Lighthouse version, for the findings list. */
export function auditIdsOf(result: unknown, category: string): string[] {
  const categories = (result as { categories: Record<string, { auditRefs?: { id: string }[] } | undefined> }).categories;
  return categories[category]?.auditRefs?.map((ref) => ref.id) ?? [];
}
