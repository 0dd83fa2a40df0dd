import {
  banner,
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
} from "./support/fixtures";

test.describe("signing in and out", () => {
  test("sign-in and sign-out switch the open page between visitor and member alerts", async ({ people }) => {
    const admin = await people.admin();
    // A new member, whose browser is not signed in yet.
    const member = await people.member({ signedIn: false });
    const weather = await typeNamed(admin.request, "Weather");
    const page = member.page;
    await openLive(page, "/");

    // As a visitor: visitors alerts arrive.
    const forVisitors = uniqueText("Visitors only");
    await sendAlertWithApi(admin, { text: forVisitors, channels: [VISITORS] });
    await expect(banner(page).getByText(forVisitors)).toBeVisible();

    // Sign in through the form, then choose Weather in the settings, all in this tab.
    await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByLabel("Email").fill(member.email ?? "");
    await page.getByLabel("Password").fill(member.password ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${member.name}`)).toBeVisible();
    await page.getByRole("button", { name: "Alert settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Alert subscriptions" });
    await dialog.getByRole("checkbox", { name: "Weather", exact: true }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expectLive(page);

    const weatherText = uniqueText("Gale warning");
    const visitorsText = uniqueText("Visitors again");
    await sendAlertWithApi(admin, { text: visitorsText, channels: [VISITORS] });
    await sendAlertWithApi(admin, { text: weatherText, channels: [channelOf(weather)] });
    await expect(banner(page).getByText(weatherText)).toBeVisible();
    await expect(page.getByText(visitorsText)).toHaveCount(0);

    // Sign out in place: the same page goes back to visitor alerts, without a reload.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Alert settings" })).toHaveCount(0);
    await expectLive(page);

    const weatherAfter = uniqueText("Weather after sign-out");
    const visitorsAfter = uniqueText("Visitors after sign-out");
    await sendAlertWithApi(admin, { text: weatherAfter, channels: [channelOf(weather)] });
    await sendAlertWithApi(admin, { text: visitorsAfter, channels: [VISITORS] });
    await expect(banner(page).getByText(visitorsAfter)).toBeVisible();
    await expect(page.getByText(weatherAfter)).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  });

  test("signing in without reloading switches the page to the member's alerts", async ({ people }) => {
    const admin = await people.admin();
    const member = await people.member({ signedIn: false });
    const regional = await typeNamed(admin.request, "Regional");
    // Choose Regional for the member from another browser, then come back to this one.
    const elsewhere = await people.visitor();
    await signInWithApi(elsewhere.request, member.email ?? "", member.password ?? "");
    await saveSubscriptionsWithApi(elsewhere, [regional.id]);

    const page = member.page;
    await openLive(page, "/login");
    await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await page.getByLabel("Email").fill(member.email ?? "");
    await page.getByLabel("Password").fill(member.password ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectLive(page);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    const visitorsText = uniqueText("Not for members");
    const regionalText = uniqueText("Bridge reopens");
    await sendAlertWithApi(admin, { text: visitorsText, channels: [VISITORS] });
    await sendAlertWithApi(admin, { text: regionalText, channels: [channelOf(regional)] });
    await expect(banner(page).getByText(regionalText)).toBeVisible();
    await expect(page.getByText(visitorsText)).toHaveCount(0);
  });

  test("the sign-in page explains what went wrong", async ({ people }) => {
    const visitor = await people.visitor();
    const page = visitor.page;
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test("signing up shows the API's field errors, then signs the new member in", async ({ people }) => {
    const visitor = await people.visitor();
    const page = visitor.page;
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Pat");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();

    const email = `${uniqueText("pat").replace(" ", "-")}@example.test`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a-good-password");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Alert settings" })).toBeVisible();
  });
});
