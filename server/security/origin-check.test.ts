import { describe, expect, it } from "vitest";
import { checkOrigin, checkSameSite } from "./origin-check";

const site = { host: "news.example:3000" };

describe("checkOrigin", () => {
  it.each([
    ["same origin", { ...site, origin: "http://news.example:3000" }],
    ["same host over https (TLS ends at a proxy)", { ...site, origin: "https://news.example:3000" }],
    ["the proxy's public host", { host: "127.0.0.1:3000", "x-forwarded-host": "news.example", origin: "https://news.example" }],
    ["no Origin, same-site Referer", { ...site, referer: "http://news.example:3000/admin" }],
    ["no Origin nor Referer (not a browser)", { ...site }],
    ["no Origin, Sec-Fetch-Site same-origin", { ...site, "sec-fetch-site": "same-origin" }],
  ])("admits a POST: %s", (_name, headers) => {
    expect(checkOrigin("POST", headers)).toEqual({ isAllowed: true });
  });

  it.each([
    ["another origin", { ...site, origin: "https://evil.example" }],
    ["another port", { ...site, origin: "http://news.example:4000" }],
    ["a look-alike host", { ...site, origin: "http://news.example:3000.evil.example" }],
    ["Origin: null (sandboxed frame, data: URL)", { ...site, origin: "null" }],
    ["another site's Referer", { ...site, referer: "https://evil.example/page" }],
    ["Sec-Fetch-Site cross-site with nothing else", { ...site, "sec-fetch-site": "cross-site" }],
  ])("refuses a POST: %s", (_name, headers) => {
    const verdict = checkOrigin("POST", headers);
    expect(verdict.isAllowed).toBe(false);
  });

  it("leaves safe methods alone, and applies to every state-changing one", () => {
    const crossSite = { ...site, origin: "https://evil.example" };
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(checkOrigin(method, crossSite).isAllowed).toBe(true);
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) expect(checkOrigin(method, crossSite).isAllowed).toBe(false);
  });

  it("lets a token-only request (Bearer, no cookie) through from anywhere, but not one that also carries a cookie", () => {
    const crossSite = { ...site, origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    expect(checkOrigin("POST", { ...crossSite, authorization: "Bearer nf_secret" })).toEqual({ isAllowed: true });
    expect(checkOrigin("PATCH", { ...crossSite, authorization: "bearer nf_secret" })).toEqual({ isAllowed: true });
    expect(checkOrigin("POST", { ...crossSite, authorization: "Bearer nf_secret", cookie: "authjs.session-token=x" }).isAllowed).toBe(false);
    expect(checkOrigin("POST", { ...crossSite, authorization: "Bearer nf_secret", cookie: "" }).isAllowed).toBe(false);
    expect(checkOrigin("POST", { ...crossSite, authorization: "Basic YWRtaW46YWRtaW4=" }).isAllowed).toBe(false);
    expect(checkOrigin("POST", { ...crossSite, authorization: "Bearernf_secret" }).isAllowed).toBe(false);
  });

  it("checkSameSite applies the rule to handshakes whatever the method", () => {
    expect(checkSameSite({ ...site, origin: "https://evil.example" }).isAllowed).toBe(false);
    expect(checkSameSite({ ...site }).isAllowed).toBe(true);
  });
});
