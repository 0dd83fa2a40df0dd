// Click-to-banner: how long from an admin clicking "Send alert" until the banner shows the
// alert in another browser context, over N sends; plus the home page's JavaScript, gzipped.
//
//   npm run build && npx tsx bench/click-to-banner.ts            # starts its own server
//   BENCH_BASE_URL=http://127.0.0.1:3000 npx tsx bench/click-to-banner.ts
//
// Env: BENCH_SENDS (default 20), CHROMIUM_PATH (default /usr/bin/chromium).
// Method and figures: docs/UI-FIGURES.md.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";

const SENDS = Number(process.env.BENCH_SENDS ?? 20);
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

async function main(): Promise<void> {
  const { baseURL, stop } = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const adminContext = await browser.newContext({ baseURL });
    await signIn(adminContext.request, "admin@example.com", "admin1234");
    const admin = await adminContext.newPage();
    await admin.goto("/admin");
    await admin.getByRole("checkbox", { name: "Visitors", exact: true }).check();

    const visitorContext = await browser.newContext({ baseURL });
    const visitor = await visitorContext.newPage();
    await visitor.goto("/");
    await visitor.getByRole("status").filter({ hasText: /^Live$/ }).waitFor();

    // Warm-up send (first compile of code paths, first socket messages); not counted.
    await sendOnce(admin, visitor, "warm-up");

    const samples: number[] = [];
    for (let i = 1; i <= SENDS; i += 1) {
      samples.push(await sendOnce(admin, visitor, `Bench alert ${i} ${Date.now()}`));
      await admin.waitForTimeout(150);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    const js = await measureHomeJs(baseURL);
    console.log(
      JSON.stringify(
        {
          sends: SENDS,
          clickToBannerMs: { median: round(median), worst: round(sorted.at(-1)!), best: round(sorted[0]!), samples: samples.map(round) },
          homeJs: js,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await stop();
  }
}

/** One send: the click time on the admin page, the first frame with the text in the visitor's banner. */
async function sendOnce(admin: Page, visitor: Page, text: string): Promise<number> {
  // In-page code is passed as a string: tsx's transform would add helpers the page lacks.
  const shown = visitor.evaluate(`new Promise((resolve) => {
    const expected = ${JSON.stringify(text)};
    function check() {
      const banner = document.querySelector('[role="alert"][aria-label="Breaking news"]');
      if (!banner || !banner.textContent.includes(expected) || banner.offsetParent === null) return false;
      // The frame after the DOM change is when it can first be seen.
      requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
      return true;
    }
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })`) as Promise<number>;
  await admin.getByLabel("Alert text").fill(text);
  const clicked = admin.evaluate(`new Promise((resolve) => {
    const button = [...document.querySelectorAll("button")].find((candidate) => candidate.textContent.trim() === "Send alert");
    button.addEventListener("click", () => resolve(performance.timeOrigin + performance.now()), { once: true, capture: true });
  })`) as Promise<number>;
  await admin.getByRole("button", { name: "Send alert" }).click();
  const [clickAt, shownAt] = await Promise.all([clicked, shown]);
  await admin.getByRole("button", { name: "Send alert" }).isEnabled();
  return shownAt - clickAt;
}

async function measureHomeJs(baseURL: string): Promise<{ files: number; rawBytes: number; gzipBytes: number }> {
  const html = await (await fetch(`${baseURL}/`)).text();
  // Every script the page loads up front (the legacy noModule polyfill is skipped by modern browsers).
  const sources = [
    ...new Set(
      [...html.matchAll(/<script\b([^>]*)>/g)]
        .map((match) => match[1] ?? "")
        .filter((attributes) => !/\bnoModule\b/i.test(attributes))
        .map((attributes) => /\bsrc="([^"]+)"/.exec(attributes)?.[1])
        .filter((src): src is string => Boolean(src)),
    ),
  ];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, baseURL))).arrayBuffer());
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 6 }).length;
  }
  // The inline flight data (RSC payload) is HTML, not JS; it is not counted.
  return { files: sources.length, rawBytes, gzipBytes };
}

async function signIn(request: import("playwright-core").APIRequestContext, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password }, maxRedirects: 0 });
}

async function startServer(): Promise<{ baseURL: string; stop: () => Promise<void> }> {
  if (process.env.BENCH_BASE_URL) return { baseURL: process.env.BENCH_BASE_URL, stop: async () => undefined };
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["e2e/support/start-server.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "warn" },
  });
  const baseURL = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    baseURL,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
