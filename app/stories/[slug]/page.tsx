import type { Metadata } from "next";
import { PageLink } from "@/components/ui/page-link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/alerts/local-time";
import { getStory } from "@/server/news/get-story";
import { getServices } from "@/server/services";

type StoryPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: StoryPageProps): Promise<Metadata> {
  const story = await getStory(getServices(), (await params).slug);
  return { title: story?.title ?? "Story not found" };
}

export default async function StoryPage({ params }: StoryPageProps) {
  const story = await getStory(getServices(), (await params).slug);
  if (!story) notFound();
  return (
    <article className="mx-auto max-w-2xl">
      <p>
        <PageLink href="/" className="text-sm font-medium text-sky-700 hover:underline">
          ← All stories
        </PageLink>
      </p>
      <h1 className="mt-4 text-3xl font-black leading-tight tracking-tight sm:text-4xl">{story.title}</h1>
      <p className="mt-2 text-sm text-slate-500">
        <LocalTime iso={story.publishedAt} withDate />
      </p>
      <p className="mt-6 text-lg text-slate-700">{story.summary}</p>
      <div className="mt-6 flex flex-col gap-4 leading-relaxed text-slate-800">
        {story.body.split(/\n{2,}/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>
    </article>
  );
}
