import type { Services } from "@/server/services";

export type StorySummary = { id: string; slug: string; title: string; summary: string; publishedAt: string };

/** The newest stories for the home page. */
export async function listStories({ db }: Pick<Services, "db">, { limit }: { limit: number }): Promise<StorySummary[]> {
  const stories = await db.story.findMany({
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, slug: true, title: true, summary: true, publishedAt: true },
  });
  return stories.map((story) => ({ ...story, publishedAt: story.publishedAt.toISOString() }));
}
