import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { sendFromAdminPage } from "./support/admin-page";
import { banner, expect, openLive, test, uniqueText, openSettled } from "./support/fixtures";

// The site runs under its Content-Security-Policy (docs/SECURITY.md): every page loads,
// hydrates and goes live with no violation reported, and other sites can't frame it.

/** Collects every CSP violation the page reports, from the first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /content security policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return violations;
}

test.describe("content security policy", () => {
  test("every page loads and the live banner works with no CSP violation", async ({ people }) => {
    const visitor = await people.visitor();
    const admin = await people.admin();
    const visitorViolations = await watchViolations(visitor.page);
    const adminViolations = await watchViolations(admin.page);

    for (const path of ["/login", "/signup", "/alerts"]) {
      await visitor.page.goto(path);
      await expect(visitor.page.getByRole("main")).toBeVisible();
    }
    // Client navigation and hydration run scripts loaded by the nonce'd ones ('strict-dynamic').
    await visitor.page.getByRole("link", { name: "Sign in" }).click();
    await expect(visitor.page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await openLive(visitor.page, "/");

    const text = uniqueText("Under the policy");
    await sendFromAdminPage(admin.page, { text, color: "#b45309", to: ["Visitors"] });
    await expect(banner(visitor.page).getByText(text)).toBeVisible();
    await expect(banner(visitor.page).getByText(text)).toHaveCSS("color", "rgb(180, 83, 9)");
    await admin.page.goto("/alerts");
    await expect(admin.page.getByText(text)).toBeVisible();

    expect(visitorViolations).toEqual([]);
    expect(adminViolations).toEqual([]);
  });

  test("another site cannot frame the pages", async ({ people, baseURL }) => {
    const page = (await people.visitor()).page;
    // Another site, really served from this machine: Chromium blocks a page that seems public
    // (one Playwright made up) from framing anything on a local address before the frame's
    // request is even sent, which would show nothing about our headers.
    const otherSite = await serveOtherSite(baseURL!);
    try {
      const framed = async (path: string, target: string) => {
        const answered = page.waitForResponse((response) => response.url() === target && response.frame() !== page.mainFrame());
        await page.goto(`${otherSite.url}${path}`);
        const response = await answered;
        const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
        if (!frame) throw new Error(`no frame on ${path}`);
        await frame.waitForLoadState();
        return { response, text: await frame.locator("body").innerText() };
      };
      // The control: a page that allows framing, on another origin, does show in the frame.
      const control = await framed("/control", otherSite.framableUrl);
      expect(control.text).toContain("Framed page");

      // The site answers the frame's request, saying it may not be framed, and the browser
      // shows an error in its place: none of the site's page.
      const site = await framed("/", `${baseURL}/`);
      expect(site.response.status()).toBe(200);
      expect(site.text).not.toContain("Newsflash");
      expect(site.text).not.toContain("Latest stories");
      expect(await site.response.headerValue("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(await site.response.headerValue("x-frame-options")).toBe("DENY");
    } finally {
      await otherSite.close();
    }
  });
});

/**
 * A second web site on a loopback port of its own: `/` frames the Newsflash home page,
 * `/control` frames `framableUrl`, a page on yet another origin (localhost, not 127.0.0.1)
 * that allows framing.
 */
async function serveOtherSite(siteUrl: string): Promise<{ url: string; framableUrl: string; close: () => Promise<void> }> {
  let framableUrl = "";
  const server = createServer((request, response) => {
    response.setHeader("content-type", "text/html");
    if (request.url === "/framable") response.end("<p>Framed page</p>");
    else if (request.url === "/control") response.end(`<iframe title="framed" src="${framableUrl}"></iframe>`);
    else response.end(`<iframe title="framed" src="${siteUrl}/"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  framableUrl = `http://localhost:${port}/framable`;
  return {
    url: `http://127.0.0.1:${port}`,
    framableUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps its connections alive
      }),
  };
}

test.describe("rate limits", () => {
  test("after ten wrong passwords the sign-in form says to wait, even with the right one", async ({ people }) => {
    const member = await people.member({ signedIn: false });
    const { csrfToken } = (await (await member.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    for (let i = 0; i < 10; i++) {
      await member.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: member.email ?? "", password: `wrong ${i}`, callbackUrl: "/" },
        maxRedirects: 0,
      });
    }
    const page = member.page;
    await openSettled(page, "/login");
    await page.getByLabel("Email").fill(member.email ?? "");
    await page.getByLabel("Password").fill(member.password ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  });
});

test.describe("sessions", () => {
  test("signing out with the button ends the session for any copy of its cookie too", async ({ people }) => {
    const member = await people.member();
    await member.page.goto("/");
    const session = (await member.context.cookies()).find((cookie) => cookie.name === "authjs.session-token");
    expect(session, "the member's session cookie").toBeDefined();
    // Someone who copied the cookie (another browser) is signed in as the member...
    const copy = await people.visitor();
    await copy.context.addCookies([session!]);
    expect((await copy.request.get("/api/subscriptions")).status()).toBe(200);

    await member.page.getByRole("button", { name: "Sign out" }).click();
    await expect(member.page.getByRole("link", { name: "Sign in" })).toBeVisible();

    // ...until the member signs out: then the copy is nobody, on the API and on the pages.
    expect((await copy.request.get("/api/subscriptions")).status()).toBe(401);
    await copy.page.goto("/");
    await expect(copy.page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(copy.page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  });
});

test.describe("forms before the script runs", () => {
  test("a sign-in or sign-up sent before the page's script has run keeps the password out of the address", async ({ browser, baseURL }) => {
    // No JavaScript at all: what a slow phone does with a form sent before the script has loaded.
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      for (const path of ["/login", "/signup"]) {
        await page.goto(path);
        const password = page.getByLabel("Password", { exact: true });
        await password.fill("never-in-an-address");
        const sent = page.waitForRequest((request) => request.isNavigationRequest() && request.frame() === page.mainFrame());
        await password.press("Enter");
        const request = await sent;
        expect(request.method(), path).toBe("POST");
        expect(request.url(), path).not.toContain("never-in-an-address");
        await page.waitForLoadState();
        expect(page.url(), path).not.toContain("never-in-an-address");
      }
    } finally {
      await context.close();
    }
  });
});
