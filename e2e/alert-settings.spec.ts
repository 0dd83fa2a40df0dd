import type { Page } from "@playwright/test";
import { sendFromAdminPage } from "./support/admin-page";
import {
  banner,
  channelOf,
  expect,
  expectLive,
  openLive,
  openSettled,
  recordBanner,
  sendAlertWithApi,
  test,
  typeNamed,
  uniqueText,
  VISITORS,
} from "./support/fixtures";

async function openSettings(page: Page) {
  await page.getByRole("button", { name: "Alert settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Alert subscriptions" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Save" })).toBeEnabled();
  return dialog;
}

test.describe("alert settings", () => {
  test("a member ticks Weather, saves, and gets the next Weather alert live while a visitor does not", async ({ people }) => {
    const member = await people.member();
    const visitor = await people.visitor();
    const admin = await people.admin();
    const memberBanner = await recordBanner(member.page);
    const visitorBanner = await recordBanner(visitor.page);
    await openSettled(member.page, "/");
    await openLive(visitor.page, "/");

    // Signed-in members get the settings button; visitors don't.
    await expect(visitor.page.getByRole("button", { name: "Alert settings" })).toHaveCount(0);

    const dialog = await openSettings(member.page);
    const weather = dialog.getByRole("checkbox", { name: "Weather", exact: true });
    await expect(weather).not.toBeChecked();
    await weather.check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(member.page.getByText("Alert settings saved")).toBeVisible();
    await expectLive(member.page);

    const text = uniqueText("Heavy snow tonight");
    await sendFromAdminPage(admin.page, { text, color: "#1d4ed8", to: ["Weather"] });
    await expect(banner(member.page).getByText(text)).toBeVisible();
    await expect(banner(member.page).getByText(text)).toHaveCSS("color", "rgb(29, 78, 216)");

    // The visitor got nothing from it: a later visitors alert shows, the Weather one never did.
    const sentinel = uniqueText("For visitors");
    await sendAlertWithApi(admin, { text: sentinel, channels: [VISITORS] });
    await expect(banner(visitor.page).getByText(sentinel)).toBeVisible();
    expect((await visitorBanner.shown()).filter((shown) => shown.includes(text))).toEqual([]);
    // ...and the member, who now reads member alerts, did not get that visitors alert: a later
    // Weather alert reaches the member, and the visitors one never showed before it.
    const later = uniqueText("Snow again");
    await sendAlertWithApi(admin, { text: later, channels: [channelOf(await typeNamed(admin.request, "Weather"))] });
    await expect(banner(member.page).getByText(later)).toBeVisible();
    const memberShown = await memberBanner.shown();
    expect(memberShown.filter((shown) => shown.includes(later))).not.toEqual([]);
    expect(memberShown.filter((shown) => shown.includes(sentinel))).toEqual([]);
  });

  test("the member's choice survives a reload, and unticking stops the alerts at once", async ({ people }) => {
    const member = await people.member();
    const admin = await people.admin();
    const memberBanner = await recordBanner(member.page);
    await openSettled(member.page, "/");

    let dialog = await openSettings(member.page);
    await dialog.getByRole("checkbox", { name: "Politics", exact: true }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();

    await member.page.reload();
    await expectLive(member.page);
    dialog = await openSettings(member.page);
    await expect(dialog.getByRole("checkbox", { name: "Politics", exact: true })).toBeChecked();
    await expect(dialog.getByRole("checkbox", { name: "Weather", exact: true })).not.toBeChecked();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    const politics = await typeNamed(admin.request, "Politics");
    const regional = await typeNamed(admin.request, "Regional");
    const first = uniqueText("Vote tonight");
    await sendAlertWithApi(admin, { text: first, channels: [channelOf(politics)] });
    await expect(banner(member.page).getByText(first)).toBeVisible();

    // Swap Politics for Regional without reloading.
    dialog = await openSettings(member.page);
    await dialog.getByRole("checkbox", { name: "Politics", exact: true }).uncheck();
    await dialog.getByRole("checkbox", { name: "Regional", exact: true }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expectLive(member.page);

    const unwanted = uniqueText("More politics");
    const wanted = uniqueText("Road closed");
    await sendAlertWithApi(admin, { text: unwanted, channels: [channelOf(politics)] });
    await sendAlertWithApi(admin, { text: wanted, channels: [channelOf(regional)] });
    await expect(banner(member.page).getByText(wanted)).toBeVisible();
    expect((await memberBanner.shown()).filter((shown) => shown.includes(unwanted))).toEqual([]);
  });

  test("Cancel and Escape close the dialog unchanged and return focus to the button", async ({ people }) => {
    const member = await people.member();
    await openSettled(member.page, "/");
    const button = member.page.getByRole("button", { name: "Alert settings" });

    let dialog = await openSettings(member.page);
    await dialog.getByRole("checkbox", { name: "Weather", exact: true }).check();
    await member.page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();

    dialog = await openSettings(member.page);
    await expect(dialog.getByRole("checkbox", { name: "Weather", exact: true })).not.toBeChecked();
    // Focus stays inside while tabbing around.
    for (let i = 0; i < 8; i += 1) {
      await member.page.keyboard.press("Tab");
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await dialog.getByRole("checkbox", { name: "Regional", exact: true }).check();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();

    const saved = await member.request.get("/api/subscriptions");
    expect(((await saved.json()) as { typeIds: string[] }).typeIds).toEqual([]);
  });

  test("a failed save says so in the dialog and changes nothing", async ({ people }) => {
    const member = await people.member();
    await openSettled(member.page, "/");
    await member.page.route("**/api/subscriptions", async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      await route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "unavailable", message: "The database does not answer." } }),
      });
    });

    const dialog = await openSettings(member.page);
    await dialog.getByRole("checkbox", { name: "Weather", exact: true }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByRole("alert")).toContainText("not saved");
    await expect(dialog).toBeVisible();
    await expect(member.page.getByText("Alert settings saved")).toHaveCount(0);

    const saved = await member.request.get("/api/subscriptions");
    expect(((await saved.json()) as { typeIds: string[] }).typeIds).toEqual([]);
  });
});
