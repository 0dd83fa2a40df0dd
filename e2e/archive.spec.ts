import { channelOf, expect, openLive, sendAlertWithApi, test, typeNamed, uniqueText, VISITORS } from "./support/fixtures";

test.describe("alert archive", () => {
  test("lists the alerts the viewer may read, newest first, with colour and time", async ({ people }) => {
    const admin = await people.admin();
    const weather = await typeNamed(admin.request, "Weather");
    const older = uniqueText("Older visitors alert");
    const membersOnly = uniqueText("Members-only weather");
    const newer = uniqueText("Newer visitors alert");
    await sendAlertWithApi(admin, { text: older, color: "#15803d", channels: [VISITORS] });
    await sendAlertWithApi(admin, { text: membersOnly, color: "#1d4ed8", channels: [channelOf(weather)] });
    await sendAlertWithApi(admin, { text: newer, color: "#c81e1e", channels: [VISITORS] });

    const visitor = await people.visitor();
    await visitor.page.goto("/alerts");
    const list = visitor.page.getByRole("list", { name: "Alerts" });
    await expect(list.getByText(newer)).toBeVisible();
    await expect(list.getByText(older)).toBeVisible();
    await expect(visitor.page.getByText(membersOnly)).toHaveCount(0);
    const items = list.getByRole("listitem");
    const texts = await items.allInnerTexts();
    const newerIndex = texts.findIndex((item) => item.includes(newer));
    const olderIndex = texts.findIndex((item) => item.includes(older));
    expect(newerIndex).toBeLessThan(olderIndex);
    await expect(list.getByText(newer)).toHaveCSS("color", "rgb(200, 30, 30)");
    await expect(items.filter({ hasText: newer }).locator("time")).toHaveText(/\d{1,2}:\d{2}/);

    // A member may read the members' alerts too (whatever they chose to receive live).
    const member = await people.member();
    await member.page.goto("/alerts");
    const memberList = member.page.getByRole("list", { name: "Alerts" });
    await expect(memberList.getByText(membersOnly)).toBeVisible();
    await expect(memberList.getByText(newer)).toBeVisible();
  });

  test("new alerts appear in the open archive as they are sent", async ({ people }) => {
    const admin = await people.admin();
    const weather = await typeNamed(admin.request, "Weather");
    const visitor = await people.visitor();
    const member = await people.member();
    await openLive(visitor.page, "/alerts");
    await openLive(member.page, "/alerts");

    const membersOnly = uniqueText("Live weather");
    const forEveryone = uniqueText("Live for everyone");
    await sendAlertWithApi(admin, { text: membersOnly, channels: [channelOf(weather)] });
    await sendAlertWithApi(admin, { text: forEveryone, channels: [VISITORS] });

    const visitorList = visitor.page.getByRole("list", { name: "Alerts" });
    await expect(visitorList.getByRole("listitem").first()).toContainText(forEveryone);
    await expect(visitor.page.getByText(membersOnly)).toHaveCount(0);

    const memberList = member.page.getByRole("list", { name: "Alerts" });
    await expect(memberList.getByRole("listitem").nth(0)).toContainText(forEveryone);
    await expect(memberList.getByRole("listitem").nth(1)).toContainText(membersOnly);
  });
});
