import { gzipSync } from "node:zlib";
import type { JavaScriptWeight } from "./figures";

// What the home page's JavaScript weighs once gzipped. The list of files comes from the
// Lighthouse run (every script the page loaded, the ones its own scripts import after
// hydration included); their gzip size is measured here, the same way whether or not the server
// compresses (zlib's default level, as Node's and nginx's gzip use), so before/after compare.

type NetworkItem = { url?: unknown; resourceType?: unknown };

/** The page's own scripts among Lighthouse's `network-requests` items (no data: URLs, no other origins). */
export function scriptUrlsOf(items: unknown[], origin: string): string[] {
  const urls = new Set<string>();
  for (const item of items as NetworkItem[]) {
    if (item.resourceType !== "Script" || typeof item.url !== "string") continue;
    if (new URL(item.url).origin === origin) urls.add(item.url);
  }
  return [...urls];
}

/** The scripts the HTML itself names (`<script src>`), as absolute URLs. */
export function scriptUrlsInHtml(html: string, pageUrl: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(decodeEntities(match[1]!), pageUrl).href);
  return [...urls];
}

function decodeEntities(value: string): string {
  return value.replaceAll("&amp;", "&");
}

export async function weighJavaScript(urls: string[], inHtml: Set<string>, fetchBody: (url: string) => Promise<Buffer>): Promise<JavaScriptWeight> {
  const files = await Promise.all(
    urls.map(async (url) => {
      const body = await fetchBody(url);
      return { url, rawBytes: body.length, gzipBytes: gzipSync(body).length, inHtml: inHtml.has(url) };
    }),
  );
  files.sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (pick: (file: (typeof files)[number]) => number) => files.reduce((total, file) => total + pick(file), 0);
  return {
    gzipBytes: sum((file) => file.gzipBytes),
    rawBytes: sum((file) => file.rawBytes),
    inHtmlGzipBytes: sum((file) => (file.inHtml ? file.gzipBytes : 0)),
    files: files.map(({ url, gzipBytes, inHtml: named }) => ({ url, gzipBytes, inHtml: named })),
  };
}

export async function fetchBody(url: string): Promise<Buffer> {
  const response = await fetch(url, { headers: { "accept-encoding": "identity" } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
