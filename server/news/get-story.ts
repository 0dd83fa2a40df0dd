import type { Services } from "@/server/services";

export type Story = { slug: string; title: string; summary: string; body: string; publishedAt: string };

export async function getStory({ db }: Pick<Services, "db">, slug: string): Promise<Story | null> {
  // Slugs are short and URL-safe; anything else can't be one, so don't ask the database.
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) return null;
  const story = await db.story.findUnique({
    where: { slug },
    select: { slug: true, title: true, summary: true, body: true, publishedAt: true },
  });
  return story ? { ...story, publishedAt: story.publishedAt.toISOString() } : null;
}
