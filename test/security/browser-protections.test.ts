import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { api, attemptSignIn, demoMember } from "../support/http";
import { subscribe } from "../support/socket";
import { setUpServerSuite } from "../support/suite";

// What protects a signed-in browser from other sites: security headers with a nonce-based CSP,
// the session cookie's flags, the Origin check on state-changing requests, and Socket.IO
// accepting only the site's own origin.
const suite = setUpServerSuite();
const EVIL = "https://evil.example";

describe("security headers", () => {
  it("serve pages with a fresh nonce-based CSP that Next.js puts on its scripts, without unsafe-eval", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(new URL("/", suite.url));
      const html = await response.text();
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(csp).toContain("'strict-dynamic'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      // Every script tag in the page carries this response's nonce.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      nonces.push(nonce ?? "");
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("put the other protections on pages and API answers alike", async () => {
    for (const path of ["/", "/login", "/api/health", "/api/alerts"]) {
      const response = await fetch(new URL(path, suite.url));
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
      expect(response.headers.get("content-security-policy"), path).toContain("default-src 'self'");
      expect(response.headers.get("x-powered-by"), path).toBeNull();
      // Over plain http, no HSTS (it would be ignored, or pin a site that has no https).
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("add HSTS and upgrade-insecure-requests behind an https proxy", async () => {
    const response = await fetch(new URL("/", suite.url), { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("session cookie", () => {
  it("is HttpOnly and SameSite=Lax, and not Secure over plain http", async () => {
    const attempt = await attemptSignIn(suite.url, demoMember.email, demoMember.password);
    const cookie = attempt.headers.getSetCookie().find((value) => value.startsWith("authjs.session-token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it("is Secure with the __Secure- prefix behind https", async () => {
    const attempt = await attemptSignIn(suite.url, demoMember.email, demoMember.password, { headers: { "x-forwarded-proto": "https" } });
    const cookie = attempt.headers.getSetCookie().find((value) => value.startsWith("__Secure-authjs.session-token="));
    expect(cookie, attempt.headers.getSetCookie().join("\n")).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });
});

describe("cross-site requests", () => {
  const alert = (text: string) => ({ text, color: "#aa0000", channels: [{ name: "visitors" }] });

  it("refuses a state change from another origin with 403 forbidden, even with the admin's cookie, and stores nothing", async () => {
    const text = `cross-site ${Date.now()}`;
    for (const origin of [EVIL, "null"]) {
      const response = await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: alert(text), headers: { origin } });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/origin/i) } });
    }
    const byReferer = await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: alert(text), headers: { referer: `${EVIL}/trap` } });
    expect(byReferer.status).toBe(403);
    const archive = await api<{ text: string }[]>(suite.url, "/api/alerts?limit=100");
    expect(archive.body.map((entry) => entry.text)).not.toContain(text);
  });

  it("checks every state-changing method and Auth.js's own routes", async () => {
    const origin = { origin: EVIL };
    const attempts = [
      api(suite.url, "/api/subscriptions", { method: "PUT", cookie: suite.adminCookie, body: { typeIds: [] }, headers: origin }),
      api(suite.url, "/api/subscription-types/anything", { method: "PATCH", cookie: suite.adminCookie, body: { type: "x" }, headers: origin }),
      api(suite.url, "/api/subscription-types/anything", { method: "DELETE", cookie: suite.adminCookie, headers: origin }),
      api(suite.url, "/api/auth/signout", { method: "POST", cookie: suite.adminCookie, rawBody: "csrfToken=x", headers: origin }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    const signIn = await attemptSignIn(suite.url, demoMember.email, demoMember.password, { headers: origin });
    expect(signIn.status).toBe(403);
    expect(signIn.cookie).toBeNull();
  });

  it("accepts the site's own origin, and clients that send none", async () => {
    const own = new URL(suite.url).origin;
    const withOrigin = await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: alert("same origin"), headers: { origin: own } });
    expect(withOrigin.status).toBe(201);
    const withReferer = await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: alert("same page"), headers: { referer: `${own}/admin` } });
    expect(withReferer.status).toBe(201);
    const without = await api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: alert("no origin") });
    expect(without.status).toBe(201);
  });

  it("opens Socket.IO connections only for the site's own origin (or none), on both transports", async () => {
    const own = new URL(suite.url).origin;
    for (const transport of ["websocket", "polling"] as const) {
      await expect(openSocket({ origin: EVIL }, transport)).rejects.toThrow();
      const same = await openSocket({ origin: own }, transport);
      same.disconnect();
    }
    const nodeClient = await suite.socketFor();
    expect((await subscribe(nodeClient, { name: "visitors" })).ok).toBe(true);
  });
});

function openSocket(headers: Record<string, string>, transport: "websocket" | "polling") {
  const socket = io(suite.url, { path: "/socket.io", transports: [transport], extraHeaders: headers, reconnection: false, forceNew: true });
  return new Promise<typeof socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}
