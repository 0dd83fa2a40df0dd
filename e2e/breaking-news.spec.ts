import { sendFromAdminPage } from "./support/admin-page";
import { banner, bannerAlert, expect, openLive, retractActiveAlerts, sendAlertWithApi, test, uniqueText, VISITORS, openSettled } from "./support/fixtures";

test.describe("breaking-news banner", () => {
  test("an admin sends a red alert to Visitors and a visitor sees it in red with its time", async ({ people }) => {
    const visitor = await people.visitor();
    const admin = await people.admin();
    await retractActiveAlerts(admin);
    await openLive(visitor.page, "/");
    await expect(banner(visitor.page)).toBeHidden();

    await openSettled(admin.page, "/admin");
    const text = uniqueText("Flood warning on the river");
    await admin.page.getByLabel("Alert text").fill(text);
    await expect(admin.page.getByText(`${Array.from(text).length} / 280`)).toBeVisible();
    await admin.page.getByLabel("Color", { exact: true }).fill("#cc0000");
    await admin.page.getByRole("checkbox", { name: "Visitors", exact: true }).check();

    // Hold the request a moment so the "sending" state can be seen, as on a slow network.
    await admin.page.route("**/api/alerts", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    const before = Date.now();
    await admin.page.getByRole("button", { name: "Send alert" }).click();
    await expect(admin.page.getByRole("button", { name: "Send alert" })).toBeDisabled();
    await expect(admin.page.getByText("Sending alert…")).toBeVisible();
    await expect(admin.page.getByRole("heading", { name: "Alert sent" })).toBeVisible();
    await expect(admin.page.getByRole("button", { name: "Send alert" })).toBeEnabled();
    const visitorsResult = admin.page.getByRole("list", { name: "Recipients per channel" }).getByRole("listitem").filter({ hasText: "Visitors" });
    await expect(visitorsResult).toHaveText(/Visitors\s*[1-9]\d* recipients?/);
    // Receipts come in as the readers' pages acknowledge: every recipient, live, no reload.
    await expect(visitorsResult).toHaveText(/([1-9]\d*) recipients? · delivered to \1 of \1/, { timeout: 15_000 });

    const shown = banner(visitor.page);
    await expect(shown).toBeVisible();
    const alertText = shown.getByText(text, { exact: true });
    await expect(alertText).toBeVisible();
    await expect(alertText).toHaveCSS("color", "rgb(204, 0, 0)");
    const time = bannerAlert(visitor.page, text).locator("time");
    await expect(time).toHaveText(/\d{1,2}:\d{2}/);
    const sentAt = Date.parse((await time.getAttribute("datetime")) ?? "");
    expect(sentAt).toBeGreaterThanOrEqual(before - 5_000);
    expect(sentAt).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  test("a newer alert stacks above the shown one, and each can be dismissed, for good on this device", async ({ people }) => {
    const visitor = await people.visitor();
    const admin = await people.admin();
    await retractActiveAlerts(admin);
    await openLive(visitor.page, "/");

    const first = uniqueText("First");
    const second = uniqueText("Second");
    await sendAlertWithApi(admin, { text: first, color: "#15803d", channels: [VISITORS] });
    await expect(banner(visitor.page).getByText(first)).toBeVisible();
    await sendAlertWithApi(admin, { text: second, color: "#1d4ed8", channels: [VISITORS] });
    await expect(banner(visitor.page).getByText(second)).toBeVisible();
    // Both stay while active, the newest on top.
    const items = banner(visitor.page).getByRole("listitem");
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText(second);
    await expect(items.nth(1)).toContainText(first);
    await expect(banner(visitor.page).getByText(second)).toHaveCSS("color", "rgb(29, 78, 216)");

    await bannerAlert(visitor.page, second).getByRole("button", { name: "Dismiss" }).click();
    await expect(bannerAlert(visitor.page, second)).toHaveCount(0);
    await expect(bannerAlert(visitor.page, first)).toBeVisible();
    await bannerAlert(visitor.page, first).getByRole("button", { name: "Dismiss" }).click();
    await expect(banner(visitor.page)).toBeHidden();

    // Remembered on this device: a new page load leaves them dismissed.
    await openLive(visitor.page, "/");
    await expect(banner(visitor.page)).toBeHidden();
  });

  test("alert text containing HTML is shown as text and never runs", async ({ people }) => {
    const visitor = await people.visitor();
    const admin = await people.admin();
    await openLive(visitor.page, "/");
    const dialogs: string[] = [];
    visitor.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    const html = `<img src=x onerror="window.__pwned=1;alert(1)"><b>bold</b><script>window.__pwned=2</script> ${uniqueText("tag")}`;
    await sendFromAdminPage(admin.page, { text: html, color: "#7e22ce", to: ["Visitors"] });

    const shown = banner(visitor.page);
    await expect(shown.getByText(html, { exact: true })).toBeVisible();
    await expect(shown.locator("img, b, script")).toHaveCount(0);
    expect(await visitor.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The admin's own result and preview show it as text too.
    await expect(admin.page.locator("main img, main b")).toHaveCount(0);
  });
});
