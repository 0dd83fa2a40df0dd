import type { Page } from "@playwright/test";
import { sendFromAdminPage } from "./support/admin-page";
import { banner, expect, openLive, test, uniqueText } from "./support/fixtures";

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
    // Pages on other origins (Playwright answers them): one framing the site, and a control
    // page framing something that allows it, to show the check would see a framed page.
    await page.route("http://framer.test/**", (route) => {
      const target = route.request().url().endsWith("/control") ? "http://framed.test/" : `${baseURL}/`;
      return route.fulfill({ contentType: "text/html", body: `<iframe title="framed" src="${target}"></iframe>` });
    });
    await page.route("http://framed.test/", (route) => route.fulfill({ contentType: "text/html", body: "<p>Newsflash framed</p>" }));

    const framedText = async (path: string) => {
      const loaded = page.waitForEvent("framenavigated", (frame) => frame !== page.mainFrame());
      await page.goto(`http://framer.test${path}`);
      const frame = await loaded;
      await frame.waitForLoadState();
      return frame.locator("body").innerText().catch(() => "");
    };
    expect(await framedText("/control")).toContain("Newsflash framed");
    expect(await framedText("/")).not.toContain("Newsflash");
  });
});

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
    await page.goto("/login");
    await page.getByLabel("Email").fill(member.email ?? "");
    await page.getByLabel("Password").fill(member.password ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  });
});
