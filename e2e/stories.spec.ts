import { SEED_STORIES } from "../server/db/seed-data";
import { expect, test } from "./support/fixtures";

// The story pages (app/stories/[slug]): a story opened from the home page shows that story,
// whole; an address that names no story is the site's 404.

test.describe("story pages", () => {
  test("a story opened from the home page shows its title, summary and every paragraph, and leads back", async ({ people }) => {
    const page = (await people.visitor()).page;
    const story = SEED_STORIES[1]!;
    await page.goto("/");
    await page.getByRole("link", { name: story.title }).click();

    await expect(page).toHaveURL(new RegExp(`/stories/${story.slug}$`));
    await expect(page).toHaveTitle(new RegExp(story.title));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.title);
    const article = page.getByRole("article");
    await expect(article.getByText(story.summary)).toBeVisible();
    for (const paragraph of story.body.split(/\n{2,}/)) await expect(article.getByText(paragraph)).toBeVisible();
    // Not another story's text.
    await expect(article.getByText(SEED_STORIES[0]!.title)).toHaveCount(0);

    await page.getByRole("link", { name: "All stories" }).click();
    await expect(page.getByRole("heading", { name: "Latest stories" })).toBeVisible();
  });

  test("the home page fetches no other page until a link is followed", async ({ people }) => {
    // Pages are rendered per request: a prefetch would be a whole server render for nothing
    // (components/ui/page-link.tsx). A followed link does fetch its page, which shows the check sees them.
    const page = (await people.visitor()).page;
    const pageFetches: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).searchParams.has("_rsc")) pageFetches.push(request.url());
    });
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    const story = SEED_STORIES[0]!;
    await page.getByRole("link", { name: story.title }).hover();
    await page.getByRole("link", { name: "Archive" }).hover();
    await page.waitForLoadState("networkidle");
    expect(pageFetches).toEqual([]);

    await page.getByRole("link", { name: story.title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.title);
    expect(pageFetches.some((url) => url.includes(`/stories/${story.slug}`))).toBe(true);
  });

  test("an unknown story answers 404 with the not-found page", async ({ people }) => {
    const page = (await people.visitor()).page;
    for (const slug of ["no-such-story", "Not_A_Slug", `${SEED_STORIES[0]!.slug}-x`]) {
      const response = await page.goto(`/stories/${slug}`);
      expect(response?.status(), slug).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page).toHaveTitle(/Story not found/);
    }
  });
});
