import { run } from '@mdx-js/mdx';
import * as runtime from 'react/jsx-runtime';
import type { CompiledLesson } from '@/lib/content/compile-lesson';
import { coursePages } from '@/lib/course/pages';
import { CourseProgressMeter } from './CourseProgressMeter';
import { MarkDone } from './MarkDone';
import { mdxComponents } from './mdx-components';
import { PrevNext } from './PrevNext';
import { ReadingProgress } from './ReadingProgress';
import { TableOfContents } from './TableOfContents';

const ARTICLE_ID = 'lesson-article';

function kicker(slug: string): string {
  const lessons = coursePages.filter((page) => page.kind === 'lesson');
  const number = lessons.findIndex((page) => page.slug === slug);
  return number >= 0 ? `Day 11 · Lesson ${number + 1} of ${lessons.length}` : 'Day 11';
}

/**
 * A whole lesson page, rendered on the server: header, table of contents, the MDX body and the
 * footer with the done mark and previous/next. Only the small islands (progress, runnable blocks,
 * knowledge checks) hydrate.
 */
export async function LessonView({ lesson }: { lesson: CompiledLesson }) {
  const { default: Content } = await run(lesson.code, { ...runtime, baseUrl: import.meta.url });
  const { slug, title, description } = lesson.meta;
  return (
    <>
      <ReadingProgress articleId={ARTICLE_ID} />
      <div className="mx-auto max-w-6xl px-6 pt-6 pb-16 xl:grid xl:grid-cols-[minmax(0,48rem)_15rem] xl:justify-center xl:gap-12">
        <header className="xl:col-start-1">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm font-medium text-emerald-800 dark:text-emerald-300">
              {kicker(slug)}
            </p>
            <CourseProgressMeter />
          </div>
          <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{title}</h1>
          <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">{description}</p>
          <div className="mt-4">
            <MarkDone slug={slug} />
          </div>
        </header>
        <div className="my-8 rounded-lg border border-slate-200 p-4 xl:col-start-2 xl:row-span-3 xl:row-start-1 xl:my-0 xl:border-0 xl:p-0 dark:border-slate-800">
          <div className="xl:sticky xl:top-6">
            <TableOfContents entries={lesson.toc} />
          </div>
        </div>
        <article id={ARTICLE_ID} className="min-w-0 text-[16.5px] xl:col-start-1">
          <Content components={mdxComponents} />
        </article>
        <footer className="mt-12 border-t border-slate-200 pt-6 xl:col-start-1 dark:border-slate-800">
          <div className="flex flex-wrap items-center gap-3">
            <MarkDone slug={slug} />
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Your progress is saved in this browser.
            </p>
          </div>
          <PrevNext slug={slug} />
        </footer>
      </div>
    </>
  );
}
