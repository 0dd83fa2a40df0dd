import { banner, expect, expectLive, openLive, sendAlertWithApi, test, uniqueText, VISITORS } from "./support/fixtures";

test("the indicator says when the live connection is lost and when it is back", async ({ people }) => {
  const visitor = await people.visitor();
  const admin = await people.admin();
  await openLive(visitor.page, "/");
  const before = uniqueText("Before the outage");
  await sendAlertWithApi(admin, { text: before, channels: [VISITORS] });
  await expect(banner(visitor.page).getByText(before)).toBeVisible();

  await visitor.context.setOffline(true);
  await expect(visitor.page.getByRole("status").filter({ hasText: "Connection lost" })).toBeVisible({ timeout: 30_000 });

  // Sent while the reader was away: the client catches up from the log (since the last
  // message it saw) once it is back.
  const missed = uniqueText("Sent while offline");
  await sendAlertWithApi(admin, { text: missed, channels: [VISITORS] });

  await visitor.context.setOffline(false);
  await expect(visitor.page.getByRole("status").filter({ hasText: /Connection restored|^Live$/ })).toBeVisible({ timeout: 30_000 });
  await expectLive(visitor.page);
  await expect(banner(visitor.page).getByText(missed)).toBeVisible({ timeout: 15_000 });
});
