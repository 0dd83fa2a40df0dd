import { PageLink } from "@/components/ui/page-link";
import { LocalTime } from "@/components/alerts/local-time";
import { listStories } from "@/server/news/list-stories";
import { getServices } from "@/server/services";

export default async function HomePage() {
  const stories = await listStories(getServices(), { limit: 20 });
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-3xl font-black tracking-tight text-slate-900 sm:text-4xl">Newsflash</h1>
        <p className="mt-2 text-slate-600">The day&apos;s news, and breaking alerts the moment they are sent.</p>
      </div>
      <section aria-labelledby="stories-heading">
        <h2 id="stories-heading" className="text-lg font-bold text-slate-900">
          Latest stories
        </h2>
        {stories.length === 0 ? (
          <p className="mt-3 text-slate-600">No stories yet.</p>
        ) : (
          <ul className="mt-4 grid gap-4 md:grid-cols-2">
            {stories.map((story) => (
              <li key={story.id}>
                <article className="h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition-shadow hover:shadow-md">
                  <h3 className="text-lg font-semibold leading-snug">
                    <PageLink href={`/stories/${story.slug}`} className="text-slate-900 hover:text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
                      {story.title}
                    </PageLink>
                  </h3>
                  <p className="mt-2 text-sm text-slate-600">{story.summary}</p>
                  <p className="mt-3 text-xs text-slate-500">
                    <LocalTime iso={story.publishedAt} withDate />
                  </p>
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
