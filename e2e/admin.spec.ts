import { sendFromAdminPage } from "./support/admin-page";
import { banner, expect, expectLive, openSettled, test, uniqueText } from "./support/fixtures";

test.describe("admin page", () => {
  test("a member cannot use the admin page", async ({ people }) => {
    const member = await people.member();
    await member.page.goto("/admin");
    await expect(member.page).not.toHaveURL(/\/admin/);
    await expect(member.page.getByRole("button", { name: "Send alert" })).toHaveCount(0);
    await expect(member.page.getByRole("link", { name: "Admin" })).toHaveCount(0);

    // Nor its data or actions, called directly.
    const send = await member.request.post("/api/alerts", { data: { text: "Not allowed", color: "#000000", channels: [{ name: "visitors" }] } });
    expect(send.status()).toBe(403);
    const addType = await member.request.post("/api/subscription-types", { data: { type: "Sneaky" } });
    expect(addType.status()).toBe(403);
    // The page's server-rendered HTML carries none of the admin form either.
    const html = await (await member.request.get("/admin", { maxRedirects: 0 })).text();
    expect(html).not.toContain("Send alert");

    const visitor = await people.visitor();
    await visitor.page.goto("/admin");
    await expect(visitor.page).toHaveURL(/\/login\?next=%2Fadmin|\/login\?next=\/admin/);
    await expect(visitor.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });

  test("the form counts characters, previews the colour and shows the API's field errors", async ({ people }) => {
    const admin = await people.admin();
    const page = admin.page;
    await openSettled(page, "/admin");
    await expect(page.getByText("0 / 280")).toBeVisible();
    await page.getByLabel("Alert text").fill("Hello");
    await expect(page.getByText("5 / 280")).toBeVisible();
    await page.getByRole("button", { name: "Green" }).click();
    await expect(page.getByLabel("Color", { exact: true })).toHaveValue("#15803d");
    await expect(page.getByRole("region", { name: "Preview" }).getByText("Hello", { exact: true })).toHaveCSS("color", "rgb(21, 128, 61)");

    // Too long, a bad colour and no channel: the server refuses, and says why beside each field.
    await page.getByLabel("Alert text").fill("x".repeat(281));
    await expect(page.getByText("281 / 280")).toBeVisible();
    await page.getByLabel("Color", { exact: true }).fill("red");
    await page.getByRole("button", { name: "Send alert" }).click();
    await expect(page.getByLabel("Alert text")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("At most 280 characters.")).toBeVisible();
    await expect(page.getByText("Use a colour written as #rrggbb.")).toBeVisible();
    await expect(page.getByText("Choose at least one channel.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Alert sent" })).toHaveCount(0);
  });

  test("an admin adds a type, a member chooses it and gets its alerts; rename and remove follow", async ({ people }) => {
    const admin = await people.admin();
    const member = await people.member();
    const name = uniqueText("Traffic");

    await openSettled(admin.page, "/admin");
    await admin.page.getByLabel("New alert type").fill(name);
    await admin.page.getByRole("button", { name: "Add type" }).click();
    await expect(admin.page.getByText(`Added “${name}”.`)).toBeVisible();
    // The send form offers it at once.
    await expect(admin.page.getByRole("checkbox", { name, exact: true })).toBeVisible();

    await openSettled(member.page, "/");
    await member.page.getByRole("button", { name: "Alert settings" }).click();
    const dialog = member.page.getByRole("dialog", { name: "Alert subscriptions" });
    await dialog.getByRole("checkbox", { name, exact: true }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expectLive(member.page);

    const text = uniqueText("Jam on the ring road");
    await sendFromAdminPage(admin.page, { text, color: "#c2410c", to: [name] });
    await expect(banner(member.page).getByText(text)).toBeVisible();

    // Rename: members see the new name, and stay subscribed.
    const renamed = `${name} (roads)`;
    const row = admin.page.getByRole("list", { name: "Alert types" }).getByRole("listitem").filter({ hasText: name });
    await row.getByRole("button", { name: `Rename ${name}` }).click();
    await admin.page.getByLabel("New name").fill(renamed);
    await admin.page.getByRole("button", { name: "Save name" }).click();
    await expect(admin.page.getByRole("checkbox", { name: renamed, exact: true })).toBeVisible();

    await member.page.getByRole("button", { name: "Alert settings" }).click();
    await expect(dialog.getByRole("checkbox", { name: renamed, exact: true })).toBeChecked();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    // Remove: gone from the choices and from the member's saved subscription.
    const renamedRow = admin.page.getByRole("list", { name: "Alert types" }).getByRole("listitem").filter({ hasText: renamed });
    await renamedRow.getByRole("button", { name: `Remove ${renamed}` }).click();
    await renamedRow.getByRole("button", { name: `Remove type ${renamed}` }).click();
    await expect(admin.page.getByRole("checkbox", { name: renamed, exact: true })).toHaveCount(0);

    await member.page.getByRole("button", { name: "Alert settings" }).click();
    await expect(dialog.getByRole("checkbox", { name: "Weather", exact: true })).toBeVisible();
    await expect(dialog.getByRole("checkbox", { name: renamed, exact: true })).toHaveCount(0);
    const saved = await member.request.get("/api/subscriptions");
    expect(((await saved.json()) as { typeIds: string[] }).typeIds).toEqual([]);
  });
});
