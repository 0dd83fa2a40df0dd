import { expect, type Page } from "@playwright/test";
import { openSettled } from "./fixtures";

/** Fills and sends the admin page's form, as an admin would, and waits for the result. */
export async function sendFromAdminPage(page: Page, alert: { text: string; color: string; to: string[] }): Promise<void> {
  // Settled: the page's scripts have run, so the form is React's. Text typed into the server's
  // HTML before hydration can be lost (a CI run failed so: the text field came up empty).
  if (!page.url().endsWith("/admin")) await openSettled(page, "/admin");
  await page.getByLabel("Alert text").fill(alert.text);
  await page.getByLabel("Color", { exact: true }).fill(alert.color);
  for (const label of alert.to) await page.getByRole("checkbox", { name: label, exact: true }).check();
  await page.getByRole("button", { name: "Send alert" }).click();
  await expect(page.getByRole("heading", { name: "Alert sent" })).toBeVisible();
  // Untick again so the next send starts from a clean choice.
  for (const label of alert.to) await page.getByRole("checkbox", { name: label, exact: true }).uncheck();
}
