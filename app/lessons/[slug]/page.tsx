import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { findLesson, lessonPages } from '@/lib/course/pages';

export function generateStaticParams() {
  return lessonPages.map((page) => ({ slug: page.slug }));
}

export const dynamicParams = false;

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = findLesson((await params).slug);
  return { title: page?.title };
}

export default async function LessonPage({ params }: Props) {
  const page = findLesson((await params).slug);
  if (!page) notFound();
  return (
    <article className="mx-auto max-w-3xl px-6 py-10">
      <h1 className="text-3xl font-bold tracking-tight">{page.title}</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-300">
        This lesson is being written. Meanwhile the{' '}
        <Link href="/lab" className="text-emerald-700 underline dark:text-emerald-400">
          lab
        </Link>{' '}
        already runs DuckDB in your browser.
      </p>
    </article>
  );
}
