import type { Page } from "@playwright/test";
import {
  bannerAlert,
  channelOf,
  expect,
  expectLive,
  openLive,
  saveSubscriptionsWithApi,
  sendAlertWithApi,
  signInWithApi,
  test,
  typeNamed,
  uniqueText,
  VISITORS,
  openSettled,
} from "./support/fixtures";

// Alerts with a life (issue 12): shown to late arrivals from the server's HTML, corrected in
// place, retracted everywhere (pages offline at the time included), gone when they expire;
// and the admin's live audience.

/** The admin page's "Recent alerts" entry for one alert. */
function recentAlert(page: Page, text: string) {
  return page.getByRole("list", { name: "Recent alerts" }).getByRole("listitem").filter({ hasText: text });
}

test.describe("alerts with a life", () => {
  test("a visitor who opens the site after the send sees the alert, already in the HTML the server sent", async ({ people, browser, baseURL }) => {
    const admin = await people.admin();
    const weather = await typeNamed(admin.request, "Weather");
    const text = uniqueText("Storm still raging");
    const membersOnly = uniqueText("Members only, still active");
    await sendAlertWithApi(admin, { text, color: "#b45309", channels: [VISITORS] });
    await sendAlertWithApi(admin, { text: membersOnly, channels: [channelOf(weather)] });

    const visitor = await people.visitor();
    const html = await (await visitor.request.get("/")).text();
    expect(html).toContain(text);
    expect(html).not.toContain(membersOnly);

    // With no script at all (so no live connection), the banner is there and reads right.
    const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto("/");
      await expect(bannerAlert(page, text)).toBeVisible();
      await expect(bannerAlert(page, text).getByText(text)).toHaveCSS("color", "rgb(180, 83, 9)");
    } finally {
      await noScript.close();
    }

    // And the live page shows it too, once, and keeps it after going live.
    await openLive(visitor.page, "/");
    await expect(bannerAlert(visitor.page, text)).toHaveCount(1);
    await expect(visitor.page.getByText(membersOnly)).toHaveCount(0);
  });

  test("a member sees the active alerts of their types once signed in; a visitor never does", async ({ people }) => {
    const admin = await people.admin();
    const weather = await typeNamed(admin.request, "Weather");
    const member = await people.member({ signedIn: false });
    const elsewhere = await people.visitor();
    await signInWithApi(elsewhere.request, member.email ?? "", member.password ?? "");
    await saveSubscriptionsWithApi(elsewhere, [weather.id]);

    const forMembers = uniqueText("Black ice on the bridge");
    const forVisitors = uniqueText("Public notice");
    await sendAlertWithApi(admin, { text: forMembers, channels: [channelOf(weather)] });
    await sendAlertWithApi(admin, { text: forVisitors, channels: [VISITORS] });

    const visitor = await people.visitor();
    await openLive(visitor.page, "/");
    await expect(bannerAlert(visitor.page, forVisitors)).toBeVisible();
    await expect(visitor.page.getByText(forMembers)).toHaveCount(0);

    // Signing in, in this very page: the banner becomes the member's.
    const page = member.page;
    await openLive(page, "/login");
    await expect(bannerAlert(page, forVisitors)).toBeVisible();
    await page.getByLabel("Email").fill(member.email ?? "");
    await page.getByLabel("Password").fill(member.password ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(bannerAlert(page, forMembers)).toBeVisible();
    await expect(page.getByText(forVisitors)).toHaveCount(0);
    await expectLive(page);

    // The visitor's page, live all along and loaded again, never had it.
    await expect(visitor.page.getByText(forMembers)).toHaveCount(0);
    await visitor.page.reload();
    await expect(bannerAlert(visitor.page, forVisitors)).toBeVisible();
    await expect(visitor.page.getByText(forMembers)).toHaveCount(0);
  });

  test("a correction updates the open page in place, and shows again an alert dismissed before it", async ({ people }) => {
    const admin = await people.admin();
    const visitor = await people.visitor();
    const wrong = uniqueText("Road closed at junction 4");
    const right = uniqueText("Road closed at junction 5");
    await sendAlertWithApi(admin, { text: wrong, color: "#1d4ed8", channels: [VISITORS] });
    const dismissed = uniqueText("Dismissed, then corrected");
    const dismissedAlert = await sendAlertWithApi(admin, { text: dismissed, channels: [VISITORS] });

    await openLive(visitor.page, "/");
    await visitor.page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await expect(bannerAlert(visitor.page, wrong)).toBeVisible();
    await bannerAlert(visitor.page, dismissed).getByRole("button", { name: "Dismiss" }).click();
    await expect(bannerAlert(visitor.page, dismissed)).toHaveCount(0);

    // The admin corrects from the admin page.
    await openSettled(admin.page, "/admin");
    await recentAlert(admin.page, wrong).getByRole("button", { name: "Correct", exact: true }).click();
    const dialog = admin.page.getByRole("dialog", { name: "Correct alert" });
    await expect(dialog.getByLabel("Corrected text")).toHaveValue(wrong);
    await expect(dialog.getByLabel("Corrected color")).toHaveValue("#1d4ed8");
    await dialog.getByLabel("Corrected text").fill(right);
    await dialog.getByLabel("Corrected color").fill("#15803d");
    await dialog.getByRole("button", { name: "Save correction" }).click();
    await expect(dialog).toBeHidden();
    await expect(admin.page.getByRole("status").filter({ hasText: "Alert corrected" })).toBeVisible();
    await expect(recentAlert(admin.page, right)).toContainText("Updated");

    const corrected = bannerAlert(visitor.page, right);
    await expect(corrected).toBeVisible();
    await expect(corrected).toContainText("Updated");
    await expect(corrected.getByText(right)).toHaveCSS("color", "rgb(21, 128, 61)");
    await expect(visitor.page.getByText(wrong, { exact: true })).toHaveCount(0);
    expect(await visitor.page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    // A dismissal is of one version: the corrected one shows again.
    const correctedAgain = uniqueText("Corrected after dismissal");
    const patched = await admin.request.patch(`/api/alerts/${dismissedAlert.alert.id}`, { data: { text: correctedAgain } });
    expect(patched.status(), await patched.text()).toBe(200);
    await expect(bannerAlert(visitor.page, correctedAgain)).toContainText("Updated");
  });

  test("a retraction removes the alert from open pages, new page loads, and a page that was offline meanwhile", async ({ people }) => {
    const admin = await people.admin();
    const weather = await typeNamed(admin.request, "Weather");
    const member = await people.member();
    await saveSubscriptionsWithApi(member, [weather.id]);
    const visitor = await people.visitor();
    const offline = await people.visitor();

    const text = uniqueText("Evacuate the riverside");
    await sendAlertWithApi(admin, { text, channels: [VISITORS, channelOf(weather)] });
    for (const page of [visitor.page, member.page, offline.page]) {
      await openLive(page, "/");
      await expect(bannerAlert(page, text)).toBeVisible();
    }

    await offline.context.setOffline(true);
    await expect(offline.page.getByRole("status").filter({ hasText: "Connection lost" })).toBeVisible({ timeout: 30_000 });

    const reason = uniqueText("Sent by mistake");
    await openSettled(admin.page, "/admin");
    await recentAlert(admin.page, text).getByRole("button", { name: "Retract", exact: true }).click();
    const dialog = admin.page.getByRole("dialog", { name: "Retract alert" });
    await dialog.getByLabel("Reason (optional)").fill(reason);
    await dialog.getByRole("button", { name: "Confirm retraction" }).click();
    await expect(dialog).toBeHidden();
    await expect(admin.page.getByRole("status").filter({ hasText: "Alert retracted" })).toBeVisible();
    await expect(recentAlert(admin.page, text)).toHaveCount(0);

    // Open pages, a visitor's and a member's: gone without a reload.
    await expect(bannerAlert(visitor.page, text)).toHaveCount(0);
    await expect(bannerAlert(member.page, text)).toHaveCount(0);
    // New page loads: not in the HTML either.
    expect(await (await visitor.request.get("/")).text()).not.toContain(text);
    await member.page.reload();
    await expectLive(member.page);
    await expect(member.page.getByText(text)).toHaveCount(0);

    // The page that was offline catches up by replay once it is back.
    await expect(bannerAlert(offline.page, text)).toBeVisible();
    await offline.context.setOffline(false);
    // Socket.IO's backoff may wait up to ~20 s after a longer outage before it tries again.
    await expect(offline.page.getByRole("status").filter({ hasText: /Connection restored|^Live$/ })).toBeVisible({ timeout: 30_000 });
    await expectLive(offline.page);
    await expect(bannerAlert(offline.page, text)).toHaveCount(0);

    // The archive keeps it, marked, with the reason.
    await visitor.page.goto("/alerts");
    const archived = visitor.page.getByRole("list", { name: "Alerts" }).getByRole("listitem").filter({ hasText: text });
    await expect(archived).toContainText(`Retracted: ${reason}`);
  });

  test("a retraction made while the page was still loading reaches it once it connects", async ({ people }) => {
    const admin = await people.admin();
    const visitor = await people.visitor();
    const text = uniqueText("Retracted during page load");
    const sent = await sendAlertWithApi(admin, { text, channels: [VISITORS] });

    // The page's live connection is held back until the retraction is done: the server's HTML
    // still shows the alert, and only the catch-up from the render's log position can remove it.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await visitor.page.routeWebSocket(/\/socket\.io\//, async (socket) => {
      await released;
      socket.connectToServer();
    });
    await visitor.page.goto("/");
    await expect(bannerAlert(visitor.page, text)).toBeVisible();
    expect((await admin.request.post(`/api/alerts/${sent.alert.id}/retract`, { data: {} })).status()).toBe(200);

    release();
    await expectLive(visitor.page);
    await expect(bannerAlert(visitor.page, text)).toHaveCount(0);
  });

  test("an alert leaves the open page when it expires, and stays in the archive", async ({ people }) => {
    const admin = await people.admin();
    const visitor = await people.visitor();
    const text = uniqueText("Short-lived warning");
    // The page's own timers run on a clock the test moves: a minute passes at once.
    await visitor.page.clock.install();
    await openLive(visitor.page, "/");
    await sendAlertWithApi(admin, { text, channels: [VISITORS], activeForSeconds: 60 });
    await expect(bannerAlert(visitor.page, text)).toBeVisible();

    await visitor.page.clock.fastForward("01:05");
    await expect(bannerAlert(visitor.page, text)).toHaveCount(0);

    await visitor.page.goto("/alerts");
    await expect(visitor.page.getByRole("list", { name: "Alerts" }).getByText(text)).toBeVisible();
  });

  test("the archive shows a correction and a retraction as they happen", async ({ people }) => {
    const admin = await people.admin();
    const visitor = await people.visitor();
    const first = uniqueText("Bridge closed");
    const sent = await sendAlertWithApi(admin, { text: first, channels: [VISITORS] });
    await openLive(visitor.page, "/alerts");
    const list = visitor.page.getByRole("list", { name: "Alerts" });
    await expect(list.getByText(first)).toBeVisible();

    const corrected = uniqueText("Bridge open, one lane");
    expect((await admin.request.patch(`/api/alerts/${sent.alert.id}`, { data: { text: corrected } })).status()).toBe(200);
    const item = list.getByRole("listitem").filter({ hasText: corrected });
    await expect(item).toContainText("Corrected");
    await expect(list.getByText(first)).toHaveCount(0);

    const reason = uniqueText("Duplicate of an earlier alert");
    expect((await admin.request.post(`/api/alerts/${sent.alert.id}/retract`, { data: { reason } })).status()).toBe(200);
    await expect(item).toContainText(`Retracted: ${reason}`);
  });

  test("the admin sees how many are listening on each channel, rising and falling as readers come and go", async ({ people }) => {
    const admin = await people.admin();
    await openSettled(admin.page, "/admin");
    const visitorsRow = admin.page.getByRole("listitem").filter({ has: admin.page.getByRole("checkbox", { name: "Visitors", exact: true }) });
    const count = visitorsRow.getByText(/^\d+ listening$/);
    await expect(count).toBeVisible();
    const before = Number((await count.textContent())?.split(" ")[0]);

    const reader = await people.visitor();
    await openLive(reader.page, "/");
    await expect(visitorsRow).toContainText(`${before + 1} listening`);

    await reader.page.close();
    await expect(visitorsRow).toContainText(`${before} listening`);
  });
});
