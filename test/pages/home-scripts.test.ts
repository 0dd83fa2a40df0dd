import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDir, startTestServer, type TestServer } from "@/test/support/server";

// What every reader's first page load must run before the page responds (docs/UI-FIGURES.md):
// no zod (the browser checks channels by hand) and no Socket.IO client (imported after
// hydration, when the first subscription needs it). Markers are strings each library's
// minified build keeps; the checks below make sure they are still there to find.

const ROOT = path.resolve(import.meta.dirname, "../..");
const MARKERS = { zod: "ZodError", socketIoClient: "ping timeout" } as const;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

async function scriptsOfPage(pagePath: string): Promise<{ src: string; body: string }[]> {
  const html = await (await fetch(new URL(pagePath, server.url))).text();
  // noModule is the legacy polyfill bundle, which modern browsers skip.
  const sources = [...html.matchAll(/<script\b([^>]*)>/g)]
    .map((match) => match[1]!)
    .filter((attributes) => !/\bnoModule\b/i.test(attributes))
    .map((attributes) => /\bsrc="([^"]+)"/.exec(attributes)?.[1])
    .filter((src): src is string => src !== undefined);
  expect(sources.length).toBeGreaterThan(0);
  return Promise.all(sources.map(async (src) => ({ src, body: await (await fetch(new URL(src, server.url))).text() })));
}

describe("the scripts a page names in its HTML", () => {
  it.each(["/", "/alerts", "/stories/storm-front-brings-early-snow-to-the-valley"])("%s: carry neither zod nor the Socket.IO client", async (pagePath) => {
    for (const script of await scriptsOfPage(pagePath)) {
      expect(script.body.includes(MARKERS.zod), `${script.src} contains zod`).toBe(false);
      expect(script.body.includes(MARKERS.socketIoClient), `${script.src} contains the Socket.IO client`).toBe(false);
    }
  });

  it("would see them: zod's build has its marker, and the Socket.IO client is in a chunk of its own the build emits", () => {
    expect(readFileSync(path.join(ROOT, "node_modules/zod/v4/classic/errors.js"), "utf8")).toContain(MARKERS.zod);
    const chunks = path.join(ROOT, ".next/static/chunks");
    const withSocketIo = readdirSync(chunks).filter((name) => name.endsWith(".js") && readFileSync(path.join(chunks, name), "utf8").includes(MARKERS.socketIoClient));
    expect(withSocketIo.length).toBeGreaterThan(0);
  });
});
