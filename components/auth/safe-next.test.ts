import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/admin", "/admin"],
    ["/alerts?limit=5#top", "/alerts?limit=5#top"],
    ["/stories/a-b-c", "/stories/a-b-c"],
    ["/a/../admin", "/admin"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-site path %j as %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  // Each of these makes a browser leave the site if followed as written.
  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\t\\evil.example",
    "\\/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/./\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    " //evil.example",
    "evil.example",
    "",
    undefined,
    null,
  ])("sends %j home", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("never returns a path a browser would read as another host", () => {
    const pieces = ["/", "\\", "\t", "\n", ".", "..", "%2e", "evil.example", "@", ":", "%09"];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of pieces) {
          const result = safeNextPath(`/${a}${b}${c}`);
          expect(new URL(result, "https://site.example").host, `/${a}${b}${c} -> ${result}`).toBe("site.example");
        }
      }
    }
  });
});
