import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { scriptUrlsInHtml, scriptUrlsOf, weighJavaScript } from "./javascript-weight";

describe("scriptUrlsOf", () => {
  it("keeps the page's own scripts once each, not its documents, styles or other origins", () => {
    const items = [
      { url: "http://127.0.0.1:3000/", resourceType: "Document" },
      { url: "http://127.0.0.1:3000/_next/static/chunks/a.js", resourceType: "Script" },
      { url: "http://127.0.0.1:3000/_next/static/chunks/a.js", resourceType: "Script" },
      { url: "http://127.0.0.1:3000/_next/static/chunks/b.css", resourceType: "Stylesheet" },
      { url: "https://cdn.example/x.js", resourceType: "Script" },
    ];
    expect(scriptUrlsOf(items, "http://127.0.0.1:3000")).toEqual(["http://127.0.0.1:3000/_next/static/chunks/a.js"]);
  });
});

describe("scriptUrlsInHtml", () => {
  it("resolves every script src against the page", () => {
    const html = '<script src="/_next/static/chunks/a.js" async=""></script><script>inline()</script><script nonce="x" src="/b.js?v=1&amp;w=2"></script>';
    expect(scriptUrlsInHtml(html, "http://h:1/stories/x")).toEqual(["http://h:1/_next/static/chunks/a.js", "http://h:1/b.js?v=1&w=2"]);
  });
});

describe("weighJavaScript", () => {
  it("sums each file's gzip size, and apart the files the HTML names", async () => {
    const bodies: Record<string, Buffer> = { "http://h/a.js": Buffer.from("a".repeat(5000)), "http://h/b.js": Buffer.from("let x = 1;") };
    const weight = await weighJavaScript(Object.keys(bodies), new Set(["http://h/a.js"]), async (url) => bodies[url]!);
    const gzipA = gzipSync(bodies["http://h/a.js"]!).length;
    const gzipB = gzipSync(bodies["http://h/b.js"]!).length;
    expect(weight.gzipBytes).toBe(gzipA + gzipB);
    expect(weight.rawBytes).toBe(5010);
    expect(weight.inHtmlGzipBytes).toBe(gzipA);
    expect(weight.files.map((file) => file.inHtml)).toEqual([gzipA >= gzipB, gzipA < gzipB]);
  });
});
