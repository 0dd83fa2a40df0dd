/** Any origin of our own will do: only the path of the result is used. */
const SITE = "http://newsflash.invalid";

/**
 * Where to go after sign-in: a path on this site, or "/" (an open redirect otherwise). The
 * value is parsed the way a browser will resolve it (which drops tabs and newlines, reads "\"
 * as "/" and resolves dot segments), so "/\t/evil.example" or "/.//evil.example" can't turn into
 * "//evil.example" on the way; the result is the parsed path, never the raw input.
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next?.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, SITE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== SITE || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}
