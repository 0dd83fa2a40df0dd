import { sendFromAdminPage } from "./support/admin-page";
import { DEMO_ADMIN, expect, test, uniqueText, openSettled } from "./support/fixtures";

test.describe("audit log", () => {
  test("the admin sees the alert they just sent in the audit log, with who sent it", async ({ people }) => {
    const admin = await people.admin();
    const page = admin.page;
    await openSettled(page, "/admin");
    const auditLog = page.getByRole("table", { name: "Audit log" });

    const text = uniqueText("Ferry cancelled");
    await sendFromAdminPage(page, { text, color: "#1d4ed8", to: ["Visitors"] });

    // No reload: the page refreshes its server data after sending.
    const row = auditLog.getByRole("row").filter({ hasText: text });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(DEMO_ADMIN.email);
    await expect(row).toContainText(`Sent alert “${text}” to visitors`);
    await expect(row.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
    // Newest first.
    await expect(auditLog.getByRole("row").nth(1)).toContainText(text);
  });
});
