import { expect, test, uniqueText, openSettled } from "./support/fixtures";

test.describe("API tokens on the admin page", () => {
  test("the admin creates a token, sees its secret once, sees it used, and revokes it", async ({ people, playwright, baseURL }) => {
    const admin = await people.admin();
    const page = admin.page;
    await openSettled(page, "/admin");
    const section = page.getByRole("region", { name: "API tokens" });
    await expect(section.getByRole("heading", { name: "API tokens" })).toBeVisible();

    const name = uniqueText("Wire feed");
    await section.getByLabel("Token name").fill(name);
    await section.getByRole("button", { name: "Create token" }).click();
    const secretField = section.getByRole("textbox", { name: `Secret of “${name}”` });
    await expect(secretField).toHaveValue(/^nf_[A-Za-z0-9_-]{43}$/);
    await expect(section).toContainText("shown only this once");
    const secret = await secretField.inputValue();
    const item = section.getByRole("list", { name: "API tokens" }).getByRole("listitem").filter({ hasText: name });
    await expect(item).toContainText("Never used");

    // A newsroom system, with no browser and no cookie, sends with it.
    const system = await playwright.request.newContext({ baseURL });
    const send = () =>
      system.post("/api/alerts", {
        headers: { authorization: `Bearer ${secret}` },
        data: { text: uniqueText("From the wire"), color: "#1d4ed8", channels: [{ name: "visitors" }] },
      });
    expect((await send()).status()).toBe(201);

    // Once the page is left, the secret is gone for good; the list shows the use.
    await page.reload();
    await expect(section.getByRole("textbox", { name: /Secret of/ })).toHaveCount(0);
    await expect(page.locator("body")).not.toContainText(secret);
    await expect(item).toContainText("Last used");

    await item.getByRole("button", { name: "Revoke" }).click();
    await expect(item).toHaveCount(0);
    expect((await send()).status()).toBe(401);
    await system.dispose();
  });
});
